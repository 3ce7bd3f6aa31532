package uk.org.phobos.agency.scheduler.rest;

import java.time.Instant;
import java.util.List;
import uk.org.phobos.agency.scheduler.job.JobOrigin;
import uk.org.phobos.agency.scheduler.job.JobSpec;
import uk.org.phobos.agency.scheduler.run.JobSnapshot;
import uk.org.phobos.agency.scheduler.run.Run;

/** A job as the REST API shows it: its definition (defaults filled in) and how it stands. */
record JobView(
        String name,
        String schedule,
        String timeZone,
        String prompt,
        String model,
        Integer timeoutSeconds,
        String agentUrl,
        String workspace,
        String overlap,
        Boolean enabled,
        String catchUp,
        JobOrigin origin,
        boolean paused,
        Instant nextRunAt,
        LastRun lastRun,
        List<String> runningRunIds,
        String queuedRunId) {

    static JobView of(JobSnapshot snapshot) {
        JobSpec spec = snapshot.job().spec();
        return new JobView(
                spec.name(),
                spec.schedule(),
                spec.timeZone(),
                spec.prompt(),
                spec.model(),
                spec.timeoutSeconds(),
                spec.agentUrl(),
                spec.workspace(),
                spec.overlap(),
                spec.enabled(),
                spec.catchUp(),
                snapshot.origin(),
                snapshot.paused(),
                snapshot.nextRunAt(),
                LastRun.of(snapshot.lastRun()),
                snapshot.activeRuns().stream().map(Run::runId).toList(),
                snapshot.queuedRun() == null ? null : snapshot.queuedRun().runId());
    }
}
