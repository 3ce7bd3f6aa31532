package uk.org.phobos.agency.cli;

import java.time.Clock;
import java.util.List;
import uk.org.phobos.agency.core.logging.LogFormat;
import uk.org.phobos.agency.core.logging.LogSetup;
import uk.org.phobos.agency.core.service.AgencyVersion;

/** {@code ag-director-cli} (alias {@code ag}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.ofProcess();
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // picocli takes ~70 ms to set up; the answer to --version needs none of it.
            // java.runtime.version is what Runtime.version() prints, without its stream set-up.
            environment
                    .out()
                    .println("ag " + AgencyVersion.current() + " (Java " + System.getProperty("java.runtime.version")
                            + ")");
            environment.exit().accept(ExitCode.OK.code());
            return;
        }
        quietLogging(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        // HttpURLConnection would otherwise send a POST again when a kept-alive connection turns out closed:
        // a task must never be submitted twice.
        System.setProperty("sun.net.http.retryPost", "false");
        int code = new Cli(environment, Clock.systemUTC()).run(args);
        environment.exit().accept(code);
    }

    /**
     * Without --verbose, SLF4J gets its no-op provider, so that Logback is never loaded or configured; with
     * it, Logback logs at debug level to stderr.
     */
    private static void quietLogging(boolean verbose) {
        if (verbose) {
            LogSetup.configure(LogFormat.TEXT, ch.qos.logback.classic.Level.DEBUG);
        } else {
            System.setProperty("slf4j.internal.verbosity", "WARN");
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
    }
}
