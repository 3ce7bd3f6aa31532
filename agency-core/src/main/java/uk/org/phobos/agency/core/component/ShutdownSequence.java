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

    /** Runs the sequence on this thread; a second call waits for the first to finish. */
    void run(boolean force, Duration timeout) {
        if (begin()) {
            complete(force, timeout);
        } else {
            awaitFinished();
        }
    }

    /**
     * The first step alone: from now on the component reports {@code draining} and refuses new work. True
     * for the call that began the shutdown, which must then {@link #complete} it.
     */
    boolean begin() {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        component.stopAccepting();
        return true;
    }

    /** The rest of the sequence, after {@link #begin()}: drain or cancel, persist, stop serving. */
    void complete(boolean force, Duration timeout) {
        try {
            log.info("shutting down ({}, timeout {}s)", force ? "forced" : "draining", timeout.toSeconds());
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

    void awaitFinished() {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
