package uk.org.phobos.agency.scheduler.run;

import java.time.Instant;
import java.util.List;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobOrigin;

/**
 * A job and how it stands: where it comes from, whether it is paused, when it fires next (null when
 * paused or disabled), its latest run, the runs going now and the one waiting (or null).
 */
public record JobSnapshot(
        Job job,
        JobOrigin origin,
        boolean paused,
        Instant nextRunAt,
        Run lastRun,
        List<Run> activeRuns,
        Run queuedRun) {
    public JobSnapshot {
        activeRuns = List.copyOf(activeRuns);
    }
}
