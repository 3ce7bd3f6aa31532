package uk.org.phobos.agency.cli.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.tls.FleetTls;

/** {@code ag tls import FILE}. */
@Command(
        name = "import",
        description = "Trust the CA certificate(s) in FILE (written by `ag tls export` on another machine): they go"
                + " to AGENCY_ROOT/tls/trusted/. Files holding a private key, or certificates that are not CAs, are"
                + " refused.",
        footer = "%nExit codes: 0 imported (or already trusted), 2 the file is missing or unusable.")
public final class TlsImportCommand implements Callable<Integer> {
    private final CliServices services;

    @Parameters(index = "0", paramLabel = "FILE", description = "A PEM file from `ag tls export`.")
    Path file;

    public TlsImportCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.USAGE, file + " does not exist");
        }
        Output output = services.output();
        List<X509Certificate> added;
        try {
            added = FleetTls.open(services.credentials().home()).importCa(file);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
        List<String> subjects = new ArrayList<>();
        added.forEach(certificate ->
                subjects.add(certificate.getSubjectX500Principal().getName()));
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("imported", subjects);
            output.json(result);
        } else if (subjects.isEmpty()) {
            output.line("already trusted: nothing new in " + file);
        } else {
            subjects.forEach(subject -> output.line("now trusting " + subject));
        }
        return ExitCode.OK.code();
    }
}
