package uk.org.phobos.agency.agent.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which tasks the history keeps: the newest {@code keepTasks} by {@code created_at} (ties broken by
 * the order they were first saved in), and the raw streams of the newest {@code keepStreams} of
 * those.
 */
record Retention(int keepTasks, int keepStreams) {
    static final Comparator<HistoryEntry> NEWEST_FIRST = Comparator.comparing(
                    (HistoryEntry entry) -> entry.task().createdAt())
            .thenComparingLong(HistoryEntry::sequence)
            .reversed();

    Retention {
        if (keepTasks < 1) {
            throw new IllegalArgumentException("keepTasks must be at least 1, got " + keepTasks);
        }
        if (keepStreams < 0) {
            throw new IllegalArgumentException("keepStreams must not be negative, got " + keepStreams);
        }
    }

    /** What to keep of {@code entries} (in any order), and which files that makes obsolete. */
    Plan plan(List<HistoryEntry> entries) {
        List<HistoryEntry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        List<HistoryEntry> kept = new ArrayList<>(Math.min(sorted.size(), keepTasks));
        List<String> evicted = new ArrayList<>();
        List<String> droppedStreams = new ArrayList<>();
        for (int rank = 0; rank < sorted.size(); rank++) {
            HistoryEntry entry = sorted.get(rank);
            if (rank >= keepTasks) {
                evicted.add(entry.taskId());
            } else if (rank >= keepStreams && entry.hasStream()) {
                droppedStreams.add(entry.taskId());
                kept.add(entry.withStream(false));
            } else {
                kept.add(entry);
            }
        }
        return new Plan(List.copyOf(kept), List.copyOf(evicted), List.copyOf(droppedStreams));
    }

    /** Whether a task at position {@code rank} (0 = newest) keeps its stream. */
    boolean keepsStreamAt(int rank) {
        return rank < keepStreams;
    }

    /**
     * {@code kept} newest first; {@code evicted} tasks lose both files, {@code droppedStreams} only
     * their stream file.
     */
    record Plan(List<HistoryEntry> kept, List<String> evicted, List<String> droppedStreams) {}
}
