package uk.org.phobos.agency.cli.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.cli.Cli;
import uk.org.phobos.agency.cli.CliEnvironment;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * The run {@code ./build.sh build} records the command line's class-data archive from: the common commands,
 * in process, against a {@link TrainingAgent} in a throwaway {@code AGENCY_ROOT}, so that the classes they
 * load come mapped from the archive at start-up instead of being read, parsed and verified from the jar. Not
 * an {@code ag} command.
 *
 * <pre>java -XX:DumpLoadedClassList=ag.classes -cp dist/ag-director-cli.jar \
 *     uk.org.phobos.agency.cli.training.TrainingRun
 * scripts/dump-class-archive.sh ag.classes dist/ag-director-cli.jar dist/ag-director-cli.jsa ag.log</pre>
 */
public final class TrainingRun {
    private TrainingRun() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        // As Main does without --verbose.
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("sun.net.http.retryPost", "false");
        Path root = Files.createTempDirectory("ag-training-");
        try {
            AgencyHome home = new AgencyHome(root);
            ServerKeyStore keys =
                    FleetTls.open(home).serverIdentity("training", List.of()).toKeyStore();
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keys.keyManagers(), null, null);
            try (TrainingAgent agent = new TrainingAgent(server)) {
                String url = agent.url().toString();
                String range = agent.port() + "-" + agent.port();
                Map<String, String> env = Map.of(
                        "AGENCY_ROOT", root.toString(), "AGENCY_TOKEN", "training", "AGENCY_DISCOVERY_RANGE", range);
                List<List<String>> runs = List.of(
                        List.of("--help"),
                        List.of("task", "--help"),
                        List.of("status", url),
                        List.of("status", url, "--json"),
                        List.of("status", "http://127.0.0.1:1"),
                        List.of("status", "https://127.0.0.1:1"),
                        List.of("discover"),
                        List.of("task", "train", "--wait"),
                        List.of("task", "train", "--agent", url, "--follow"),
                        List.of("task", "train", "--agent", url, "--follow", "--json"),
                        List.of("task", "train", "--session", "s-1", "--wait", "--json"),
                        List.of("task", "train"),
                        List.of("show", "t-1"),
                        List.of("history"),
                        List.of("logs", "t-1", "--agent", url),
                        List.of("cancel", "t-1", "--agent", url),
                        List.of("show", "t-2", "--agent", url));
                for (List<String> run : runs) {
                    long started = System.nanoTime();
                    int code = new Cli(environment(env), Clock.systemUTC()).run(run.toArray(String[]::new));
                    System.out.printf(
                            "ag %s: exit %d, %d ms%n",
                            String.join(" ", run), code, (System.nanoTime() - started) / 1_000_000);
                }
            }
        } finally {
            deleteTree(root);
        }
    }

    private static CliEnvironment environment(Map<String, String> env) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return new CliEnvironment(
                env, new ByteArrayInputStream(new byte[0]), nowhere, nowhere, false, false, code -> {});
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
