package uk.org.phobos.agency.scheduler.run;

import java.time.Instant;

/**
 * What the scheduler keeps about a job between restarts besides its history: the last fire time it
 * dealt with (run, skipped or missed), from which missed fire times are counted; the timing those fire
 * times came from (schedule, zone, enabled), so that a job edited while the scheduler was down does not
 * count fire times of its old schedule as missed; and whether it is paused.
 */
public record JobState(Instant lastFireAt, String timing, boolean paused) {}
