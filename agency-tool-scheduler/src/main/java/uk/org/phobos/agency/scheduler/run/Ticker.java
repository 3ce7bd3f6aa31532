package uk.org.phobos.agency.scheduler.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that makes time pass for the {@link Scheduler}: it ticks, then sleeps until the next
 * fire time (at most {@code maxSleep}, so a clock change is noticed) or until woken. An idle scheduler
 * therefore wakes about once a minute whatever its number of jobs. Runs never happen on this thread.
 */
public final class Ticker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ticker.class);
    private static final long MIN_SLEEP_MILLIS = 10;

    private final Scheduler scheduler;
    private final Clock clock;
    private final TickSignal signal;
    private final Duration maxSleep;
    private final Thread thread;
    private volatile boolean running = true;

    public Ticker(Scheduler scheduler, Clock clock, TickSignal signal, Duration maxSleep) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.signal = signal;
        this.maxSleep = maxSleep;
        this.thread = new Thread(this::loop, "scheduler-ticker");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                scheduler.tick();
            } catch (RuntimeException e) {
                log.error("a scheduler tick failed; trying again at the next one", e);
            }
            try {
                signal.await(sleepMillis(scheduler.nextDue()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long sleepMillis(Optional<Instant> due) {
        long max = maxSleep.toMillis();
        if (due.isEmpty()) {
            return max;
        }
        long until = Duration.between(clock.instant(), due.get()).toMillis() + 1;
        return Math.max(MIN_SLEEP_MILLIS, Math.min(max, until));
    }

    @Override
    public void close() {
        running = false;
        signal.wake();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
