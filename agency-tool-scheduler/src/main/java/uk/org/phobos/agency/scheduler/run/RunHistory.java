package uk.org.phobos.agency.scheduler.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The runs of one job, oldest first, at most {@code limit} of them: the oldest finished runs go first,
 * and a run still going is never dropped (its end must still land somewhere). Not thread-safe.
 */
final class RunHistory {
    private final List<Run> runs;

    RunHistory(List<Run> runs) {
        this.runs = new ArrayList<>(runs);
    }

    /** Adds {@code run}, or replaces the run with its id; then trims to {@code limit}. */
    void put(Run run, int limit) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).runId().equals(run.runId())) {
                runs.set(i, run);
                return;
            }
        }
        runs.add(run);
        trim(limit);
    }

    void trim(int limit) {
        Iterator<Run> oldestFirst = runs.iterator();
        int excess = runs.size() - limit;
        while (excess > 0 && oldestFirst.hasNext()) {
            if (oldestFirst.next().isDone()) {
                oldestFirst.remove();
                excess--;
            }
        }
    }

    Optional<Run> find(String runId) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).runId().equals(runId)) {
                return Optional.of(runs.get(i));
            }
        }
        return Optional.empty();
    }

    Optional<Run> latest() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** Oldest first. */
    List<Run> runs() {
        return List.copyOf(runs);
    }
}
