package uk.org.phobos.agency.core.component;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain semantics of SPEC.md: stop taking work, let running work finish within the timeout
 * (unless forced), cancel what remains, persist, stop serving. Runs once, whoever asks first.
 */
final class ShutdownSequence {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

    private final Statusable component;
    private final Runnable stopServing;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    ShutdownSequence(Statusable component, Runnable stopServing) {
        this.component = component;
        this.stopServing = stopServing;
    }

    boolean isStarted() {
        return started.get();
    }

    /**
     * Starts the sequence: from now on the component reports {@code draining} and takes no new
     * work. True for the caller that started it, who must then call {@link #complete}; false when
     * it had already started.
     */
    boolean begin(boolean force, Duration timeout) {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        log.info("shutting down ({}, timeout {}s)", force ? "forced" : "draining", timeout.toSeconds());
        try {
            component.stopAccepting();
        } catch (RuntimeException e) {
            log.error("could not stop taking work; going on with the shutdown", e);
        }
        return true;
    }

    /** The rest of the sequence, after {@link #begin}: wait (unless forced), cancel, persist, stop serving. */
    void complete(boolean force, Duration timeout) {
        try {
            if (!force && !component.awaitIdle(timeout)) {
                log.warn("work still running after {}s: cancelling it", timeout.toSeconds());
            }
            component.cancelAll();
            component.persist();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            component.cancelAll();
            component.persist();
        } catch (RuntimeException e) {
            log.error("shutdown step failed; stopping anyway", e);
        } finally {
            stopServing.run();
            finished.countDown();
            log.info("stopped");
        }
    }

    /** Runs the whole sequence on this thread; a second call waits for the first to finish. */
    void run(boolean force, Duration timeout) {
        if (begin(force, timeout)) {
            complete(force, timeout);
        } else {
            awaitFinished();
        }
    }

    void awaitFinished() {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
