package uk.org.phobos.agency.cli.fleet;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/** {@code ag fleet ...}: commands for the whole fleet. */
@Command(
        name = "fleet",
        description = "Commands for every component discovery finds.",
        synopsisSubcommandLabel = "COMMAND")
public final class FleetCommand {

    public static CommandLine commandLine(CliServices services) {
        CommandLine fleet = AgencyCommandLine.of(new FleetCommand());
        fleet.addSubcommand(AgencyCommandLine.of(new FleetShutdownCommand(services)));
        return fleet;
    }
}
