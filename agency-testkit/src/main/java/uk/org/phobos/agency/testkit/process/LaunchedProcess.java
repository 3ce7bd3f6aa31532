package uk.org.phobos.agency.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running child started by {@link ProcessLauncher}; closing it reaps its whole process group. */
public final class LaunchedProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LaunchedProcess.class);
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> command;
    private final ProcessGroupReaper reaper;
    private final OutputLines stdout = new OutputLines(OutputChannel.STDOUT);
    private final OutputLines stderr = new OutputLines(OutputChannel.STDERR);
    private final Thread stdoutDrain;
    private final Thread stderrDrain;
    private boolean closed;

    LaunchedProcess(Process process, List<String> command, LineListener listener, ProcessGroupReaper reaper) {
        this.process = process;
        this.command = command;
        this.reaper = reaper;
        this.stdoutDrain = drain(process.getInputStream(), stdout, listener);
        this.stderrDrain = drain(process.getErrorStream(), stderr, listener);
    }

    /** The child's id, which is also the id of its process group. */
    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public List<String> command() {
        return command;
    }

    public OutputLines stdout() {
        return stdout;
    }

    public OutputLines stderr() {
        return stderr;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the child has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits for the child to exit and for both outputs to be read to their end, then returns its
     * exit code. Fails the test, showing what the child printed, if that takes too long.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("Process " + pid() + " " + command + " still runs after " + timeout
                        + "\nstdout:\n" + stdout.text() + "stderr:\n" + stderr.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for process " + pid(), e);
        }
        // A grandchild holding the pipes open keeps them from closing: do not wait for that forever.
        joinDrains(DRAIN_AFTER_EXIT);
        return process.exitValue();
    }

    /** Kills the child's process group (TERM, then KILL after the grace period) and waits for it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reaper.reap(process);
        joinDrains(DRAIN_AFTER_EXIT);
    }

    private void joinDrains(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread drain : List.of(stdoutDrain, stderrDrain)) {
            try {
                drain.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Thread drain(InputStream stream, OutputLines into, LineListener listener) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            // Listener first: whoever sees the line in the buffer knows the listener saw it.
                            notify(listener, into.channel(), line);
                            into.append(line);
                        }
                    } catch (IOException e) {
                        // The pipe broke because the process was killed: the output ends here.
                    } finally {
                        into.markClosed();
                    }
                },
                "pid-" + process.pid() + "-" + into.channel().name().toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void notify(LineListener listener, OutputChannel channel, String line) {
        try {
            listener.onLine(channel, line);
        } catch (RuntimeException e) {
            // A failing listener must not stop the draining, or the child would block on a full pipe.
            log.warn("Line listener failed on {} line: {}", channel, line, e);
        }
    }
}
