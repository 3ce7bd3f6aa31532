package uk.org.phobos.agency.cli;

import java.time.Clock;
import java.util.List;
import uk.org.phobos.agency.core.logging.LogFormat;
import uk.org.phobos.agency.core.logging.LogSetup;

/** {@code ag-director-cli} (alias {@code ag}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        quietLogging(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        // HttpURLConnection would otherwise send a POST again when a kept-alive connection turns out closed:
        // a task must never be submitted twice.
        System.setProperty("sun.net.http.retryPost", "false");
        CliEnvironment environment = CliEnvironment.ofProcess();
        int code = new Cli(environment, Clock.systemUTC()).run(args);
        environment.exit().accept(code);
    }

    /**
     * Without --verbose, SLF4J gets its no-op provider, so that Logback is never loaded or configured
     * (it costs ~60 ms); with it, Logback logs at debug level to stderr.
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
