package uk.org.phobos.agency.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A moment by which something must have happened. Tests wait by polling a condition until the
 * deadline, never by sleeping a fixed time and hoping.
 */
public final class Deadline {
    private static final Duration FIRST_POLL = Duration.ofMillis(2);
    private static final Duration MAX_POLL = Duration.ofMillis(50);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    public boolean expired() {
        return remaining().isZero();
    }

    public Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Polls {@code condition} until it holds; returns false when the deadline passes first. */
    public boolean poll(BooleanSupplier condition) {
        Duration pause = FIRST_POLL;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (expired()) {
                return false;
            }
            pauseFor(min(pause, remaining()));
            pause = min(pause.multipliedBy(2), MAX_POLL);
        }
    }

    /** Polls {@code condition} until it holds, or fails the test naming what it waited for. */
    public void await(String what, BooleanSupplier condition) {
        if (!poll(condition)) {
            throw new AssertionError("Timed out waiting for " + what);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pauseFor(Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while polling", e);
        }
    }
}
