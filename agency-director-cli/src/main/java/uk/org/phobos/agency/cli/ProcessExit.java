package uk.org.phobos.agency.cli;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * Ends the process once output is flushed. A class rather than a lambda: the first lambda of a JVM costs
 * ~10 ms of set-up, and {@code ag --version} has none to spare.
 */
final class ProcessExit implements IntConsumer {
    private final PrintStream out;
    private final PrintStream err;

    ProcessExit(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void accept(int code) {
        out.flush();
        err.flush();
        System.exit(code);
    }
}
