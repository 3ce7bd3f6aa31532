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
import uk.org.phobos.agency.core.tls.TlsSetupException;

/** {@code ag tls import FILE}. */
@Command(
        name = "import",
        description = "Trust the CA certificate(s) in FILE (written by `ag tls export` on another machine): they go"
                + " to AGENCY_ROOT/tls/trusted/. Files holding a private key, or certificates that are not CAs, are"
                + " refused.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag tls import fleet-ca.pem                 the file `ag tls export` wrote on the machine running the fleet",
            "  ag tls import fleet-ca.pem --json          prints {\"imported\": [SUBJECT, ...]} (empty: already trusted)",
            "%nExit codes: 0 imported (or already trusted), 2 the file is missing, unreadable or unusable (or"
                    + " AGENCY_ROOT/tls cannot be written)."
        })
public final class TlsImportCommand implements Callable<Integer> {
    private final CliServices services;

    @Parameters(index = "0", paramLabel = "FILE", description = "A PEM file from `ag tls export`.")
    Path file;

    public TlsImportCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (Files.isDirectory(file)) {
            throw new CliException(ExitCode.USAGE, file + " is a folder: name the PEM file `ag tls export` wrote");
        }
        if (!Files.exists(file)) {
            throw new CliException(ExitCode.USAGE, file + " does not exist");
        }
        Output output = services.output();
        FleetTls tls = FleetTls.open(services.credentials().home());
        List<X509Certificate> added;
        try {
            added = tls.importCa(file);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        } catch (TlsSetupException e) {
            CliException fileProblem = TlsFileFailure.of(
                    e,
                    file,
                    tls.directory().dir(),
                    "cannot import " + file,
                    "Import the PEM file `ag tls export` wrote on the other machine.");
            throw fileProblem == null ? e : fileProblem;
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
