package uk.org.phobos.agency.agent.claude;

import java.time.Instant;

/**
 * A started process: its pid, which is also the id of its process group (it was started under
 * {@code setsid}); its start time, which tells it apart from a later process that got the same
 * pid; and the run id put into its environment as {@value #RUN_ID_VARIABLE}, which every process
 * it starts inherits. Together they let an agent that crashed find what its run left behind.
 */
public record ProcessIdentity(long pid, Instant startedAt, String runId) {
    /** The environment variable that marks the processes of a run. */
    public static final String RUN_ID_VARIABLE = "AGENCY_RUN_ID";

    /** Without a run id: only the process group can be found. */
    public ProcessIdentity(long pid, Instant startedAt) {
        this(pid, startedAt, null);
    }

    /** The environment entry that marks the run's processes, or null. */
    String marker() {
        return runId == null ? null : RUN_ID_VARIABLE + "=" + runId;
    }
}
