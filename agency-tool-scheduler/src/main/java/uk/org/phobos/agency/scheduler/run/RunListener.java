package uk.org.phobos.agency.scheduler.run;

import uk.org.phobos.agency.core.api.TaskState;

/** What a {@link RunLauncher} reports about a run, from its own threads. */
public interface RunListener {
    void submitted(String runId, Submission submission);

    /** No task came of the run: {@code outcome} is {@code skipped_busy} or {@code skipped_error}. */
    void notSubmitted(String runId, Outcome outcome, String error);

    void progressed(String runId, TaskState state);

    /**
     * The task is now known as {@code submission} says: the web view's queue entry was taken by an agent,
     * so the run follows the agent's task id (and, once known, that agent and its session).
     */
    void dispatched(String runId, Submission submission);

    /** The task ended in {@code finalState}; null with {@code error} when its end could not be learnt. */
    void ended(String runId, TaskState finalState, String error);
}
