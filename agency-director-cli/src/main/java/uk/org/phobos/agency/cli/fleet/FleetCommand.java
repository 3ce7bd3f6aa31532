package uk.org.phobos.agency.cli.fleet;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/** {@code ag fleet ...}: commands for the whole fleet. */
@Command(
        name = "fleet",
        description = "Commands for every component discovery finds.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag fleet shutdown                          every component drains (up to 30 s), then exits",
            "  ag fleet shutdown --timeout 5m             give running tasks up to 5 minutes",
            "  ag fleet shutdown --force                  cancel running tasks now",
            "  ag fleet shutdown --discovery-range 9000-9099   only the components on these ports"
        })
public final class FleetCommand {

    public static CommandLine commandLine(CliServices services) {
        CommandLine fleet = AgencyCommandLine.of(new FleetCommand());
        fleet.addSubcommand(AgencyCommandLine.of(new FleetShutdownCommand(services)));
        return fleet;
    }
}
