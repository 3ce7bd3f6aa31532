package uk.org.phobos.agency.cli.tls;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/** {@code ag tls ...}: share the fleet's CA with another machine. */
@Command(
        name = "tls",
        description = {
            "Share this machine's Agency CA, so that clients elsewhere can reach its fleet (and the other way"
                    + " round). Only the CA certificate travels, never its key.",
        },
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag tls export fleet-ca.pem            on the machine running the fleet",
            "  ag tls import fleet-ca.pem            on the machine that should reach it"
        })
public final class TlsCommand {

    public static CommandLine commandLine(CliServices services) {
        CommandLine tls = AgencyCommandLine.of(new TlsCommand());
        tls.addSubcommand(AgencyCommandLine.of(new TlsExportCommand(services)));
        tls.addSubcommand(AgencyCommandLine.of(new TlsImportCommand(services)));
        return tls;
    }
}
