package uk.org.phobos.agency.scheduler.job;

import java.net.URI;
import java.util.Objects;
import uk.org.phobos.agency.scheduler.cron.CronSchedule;

/**
 * A checked job: its definition with defaults filled in, and what the scheduler needs from it in typed
 * form. {@code agentUrl} and {@code workspace} may be null.
 */
public record Job(
        JobSpec spec,
        CronSchedule schedule,
        Overlap overlap,
        CatchUp catchUp,
        boolean enabled,
        URI agentUrl,
        String workspace) {

    public Job {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(catchUp, "catchUp");
    }

    public String name() {
        return spec.name();
    }

    /** True when the change from {@code before} moves the job's fire times. */
    public boolean timingDiffers(Job before) {
        return !schedule.equals(before.schedule) || enabled != before.enabled;
    }
}
