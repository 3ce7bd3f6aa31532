package uk.org.phobos.agency.scheduler.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which run holds each workspace. Jobs that name the same workspace never run at once: a run takes the
 * lock when it starts and gives it back when its task has ended. Not thread-safe (the scheduler's lock
 * guards it).
 */
final class WorkspaceLocks {
    record Holder(String runId, String job) {}

    private final Map<String, Holder> holders = new HashMap<>();

    Optional<Holder> holder(String workspace) {
        return Optional.ofNullable(holders.get(workspace));
    }

    /** Takes {@code workspace} for the run; false when another run holds it. */
    boolean acquire(String workspace, String runId, String job) {
        Holder current = holders.get(workspace);
        if (current != null && !current.runId().equals(runId)) {
            return false;
        }
        holders.put(workspace, new Holder(runId, job));
        return true;
    }

    void release(String workspace, String runId) {
        Holder current = holders.get(workspace);
        if (current != null && current.runId().equals(runId)) {
            holders.remove(workspace);
        }
    }
}
