package uk.org.phobos.agency.cli.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.TlsSetupException;

/** {@code ag tls export FILE}. */
@Command(
        name = "export",
        description = "Write this machine's CA certificate (AGENCY_ROOT/tls/ca.pem, never its key) to FILE.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag tls export fleet-ca.pem                 then, on the other machine: ag tls import fleet-ca.pem",
            "  ag tls export /tmp/ca.pem --json           prints {\"exported\": \"/tmp/ca.pem\"}",
            "%nExit codes: 0 written, 2 FILE cannot be written (or this machine's CA cannot be read), 3 there is no CA"
                    + " here yet (start a component first)."
        })
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
        if (Files.isDirectory(file)) {
            throw new CliException(
                    ExitCode.USAGE,
                    file + " is a folder: name the file to write, e.g. " + file.resolve("fleet-ca.pem"));
        }
        FleetTls tls = FleetTls.open(services.credentials().home());
        try {
            tls.exportCa(file);
        } catch (TlsSetupException e) {
            CliException fileProblem = TlsFileFailure.of(
                    e,
                    file,
                    tls.directory().dir(),
                    "cannot export this machine's CA to " + file,
                    "Name a file in a folder you can write to.");
            throw fileProblem == null ? e : fileProblem;
        }
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
