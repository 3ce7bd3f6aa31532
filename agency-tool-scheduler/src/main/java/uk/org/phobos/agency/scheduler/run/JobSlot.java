package uk.org.phobos.agency.scheduler.run;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobOrigin;

/** One job inside the scheduler with its run state. Mutable; only the {@link Scheduler}'s lock guards it. */
final class JobSlot {
    Job job;
    final JobOrigin origin;
    final RunHistory history;
    final Set<String> activeRunIds = new LinkedHashSet<>();
    boolean paused;
    /** The last fire time dealt with; fire times after it and not after now are due. */
    Instant lastFireAt;
    /** The first fire time after {@link #lastFireAt}, cached; null when there is none. */
    Instant nextFireAt;
    /** The one run waiting for this job's previous run or its workspace, or null. */
    Run queued;

    JobSlot(Job job, JobOrigin origin, RunHistory history, boolean paused, Instant lastFireAt) {
        this.job = job;
        this.origin = origin;
        this.history = history;
        this.paused = paused;
        this.lastFireAt = lastFireAt;
        recomputeNextFire();
    }

    boolean schedulable() {
        return job.enabled() && !paused;
    }

    void recomputeNextFire() {
        nextFireAt = job.schedule().nextAfter(lastFireAt).orElse(null);
    }
}
