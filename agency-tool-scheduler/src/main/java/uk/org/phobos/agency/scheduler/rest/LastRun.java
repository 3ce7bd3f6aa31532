package uk.org.phobos.agency.scheduler.rest;

import java.time.Instant;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.scheduler.run.Outcome;
import uk.org.phobos.agency.scheduler.run.Run;
import uk.org.phobos.agency.scheduler.run.RunStatus;

/** The gist of a job's latest run, as {@code GET /jobs} shows it. */
record LastRun(
        String runId,
        RunStatus status,
        Outcome outcome,
        Instant scheduledFor,
        Instant startedAt,
        TaskState finalState) {
    static LastRun of(Run run) {
        return run == null
                ? null
                : new LastRun(
                        run.runId(),
                        run.status(),
                        run.outcome(),
                        run.scheduledFor(),
                        run.startedAt(),
                        run.finalState());
    }
}
