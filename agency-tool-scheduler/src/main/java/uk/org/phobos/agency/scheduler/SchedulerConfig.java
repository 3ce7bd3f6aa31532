package uk.org.phobos.agency.scheduler;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import uk.org.phobos.agency.scheduler.submit.Backoff;

/**
 * How a scheduler is put together: the jobs file (null for none), the routing and history settings
 * given on the command line (null when not given: the saved or default ones apply), and the knobs
 * tests turn (clock, host zone, file poll interval, poll backoff, how long to wait for a silent target).
 */
public record SchedulerConfig(
        Path jobsFile,
        URI webUrl,
        URI agentUrl,
        Integer historyLimit,
        Duration watchInterval,
        Backoff backoff,
        Duration giveUpAfter,
        int workers,
        Clock clock,
        ZoneId hostZone) {

    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(30);
    public static final int DEFAULT_WORKERS = 16;

    /** The defaults, with the given command-line values. */
    public static SchedulerConfig of(Path jobsFile, URI webUrl, URI agentUrl, Integer historyLimit) {
        return new SchedulerConfig(
                jobsFile,
                webUrl,
                agentUrl,
                historyLimit,
                DEFAULT_WATCH_INTERVAL,
                Backoff.DEFAULT,
                DEFAULT_GIVE_UP_AFTER,
                DEFAULT_WORKERS,
                Clock.systemUTC(),
                ZoneId.systemDefault());
    }

    public SchedulerConfig withWatchInterval(Duration interval) {
        return new SchedulerConfig(
                jobsFile, webUrl, agentUrl, historyLimit, interval, backoff, giveUpAfter, workers, clock, hostZone);
    }

    public SchedulerConfig withBackoff(Backoff newBackoff) {
        return new SchedulerConfig(
                jobsFile,
                webUrl,
                agentUrl,
                historyLimit,
                watchInterval,
                newBackoff,
                giveUpAfter,
                workers,
                clock,
                hostZone);
    }
}
