package uk.org.phobos.agency.cli.task;

import uk.org.phobos.agency.cli.out.Output;

/**
 * While armed, a Ctrl-C (which ends the JVM with 130) leaves a line on stderr saying what became of the
 * task; closing it disarms it, so that a normal exit says nothing.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;

    InterruptNotice(Output output, String message) {
        this.hook = new Thread(() -> output.note(System.lineSeparator() + "ag: " + message), "ag-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs, as it should
        }
    }
}
