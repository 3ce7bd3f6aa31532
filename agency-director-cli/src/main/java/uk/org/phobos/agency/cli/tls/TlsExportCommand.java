package uk.org.phobos.agency.cli.tls;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.tls.FleetTls;

/** {@code ag tls export FILE}. */
@Command(
        name = "export",
        description = "Write this machine's CA certificate (AGENCY_ROOT/tls/ca.pem, never its key) to FILE.",
        footer = "%nExit codes: 0 written, 3 there is no CA here yet (start a component first).")
public final class TlsExportCommand implements Callable<Integer> {
    private final CliServices services;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the PEM file.")
    Path file;

    public TlsExportCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        FleetTls.open(services.credentials().home()).exportCa(file);
        if (output.json()) {
            output.json(Map.of("exported", file.toAbsolutePath().toString()));
        } else {
            output.line("wrote the CA certificate of "
                    + services.credentials().home().root() + " to " + file);
            output.note("On the other machine: ag tls import " + file.getFileName());
        }
        return ExitCode.OK.code();
    }
}
