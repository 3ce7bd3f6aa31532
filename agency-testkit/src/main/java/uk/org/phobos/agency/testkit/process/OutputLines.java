package uk.org.phobos.agency.testkit.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** The lines one output of a child has printed so far; tests can wait for a line to appear. */
public final class OutputLines {
    private static final int LINES_IN_FAILURE_MESSAGE = 40;

    private final OutputChannel channel;
    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    OutputLines(OutputChannel channel) {
        this.channel = channel;
    }

    public OutputChannel channel() {
        return channel;
    }

    synchronized void append(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized void markClosed() {
        closed = true;
        notifyAll();
    }

    /** Whether the child closed this output (normally: it exited). */
    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** All lines so far, each ended by a newline. */
    public synchronized String text() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    public synchronized Optional<String> firstMatching(Predicate<String> predicate) {
        return lines.stream().filter(predicate).findFirst();
    }

    /**
     * Waits until a line matching {@code predicate} has been printed and returns the first one.
     * Fails at once when the output closes without such a line, else when the timeout passes.
     */
    public synchronized String awaitLine(Predicate<String> predicate, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (predicate.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            if (closed) {
                throw new AssertionError(describe("closed without a matching line"));
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(describe("had no matching line within " + timeout));
            }
            waitNanos(left);
        }
    }

    /** Waits until the child has closed this output and everything it printed has been read. */
    public synchronized void awaitClosed(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(describe("was not closed within " + timeout));
            }
            waitNanos(left);
        }
    }

    @SuppressWarnings("WaitNotInLoop") // both callers wait in a loop that re-checks their condition
    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for output", e);
        }
    }

    private String describe(String problem) {
        int from = Math.max(0, lines.size() - LINES_IN_FAILURE_MESSAGE);
        StringBuilder message = new StringBuilder(channel.name().toLowerCase(Locale.ROOT) + " " + problem);
        message.append("; last ")
                .append(lines.size() - from)
                .append(" of ")
                .append(lines.size())
                .append(" lines:");
        lines.subList(from, lines.size()).forEach(line -> message.append("\n  ").append(line));
        return message.toString();
    }
}
