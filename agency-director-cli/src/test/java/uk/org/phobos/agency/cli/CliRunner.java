package uk.org.phobos.agency.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@code ag} in this JVM, as {@link Main} would, with its own environment and captured output: never
 * the real {@code ~/.agency}, never the whole default port range.
 */
final class CliRunner {
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean stdinTerminal;
    private boolean stdoutTerminal;

    CliRunner(Path agencyRoot) {
        env.put("AGENCY_ROOT", agencyRoot.toString());
        // An empty range unless a test says where its components are: 1-1 has nothing listening.
        env.put(GlobalOptions.ENV_DISCOVERY_RANGE, "1-1");
    }

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRunner discoveryRange(int first, int last) {
        return env(GlobalOptions.ENV_DISCOVERY_RANGE, first + "-" + last);
    }

    /** Runs as if stdin and stdout were terminals (or not), each on its own. */
    CliRunner terminals(boolean stdin, boolean stdout) {
        stdinTerminal = stdin;
        stdoutTerminal = stdout;
        return this;
    }

    CliResult run(String... args) {
        return runWithStdin("", args);
    }

    CliResult runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] exited = {-1};
        CliEnvironment environment = new CliEnvironment(
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                stdinTerminal,
                stdoutTerminal,
                code -> exited[0] = code);
        int code = new Cli(environment, Clock.systemUTC()).run(args);
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
