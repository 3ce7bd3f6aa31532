package uk.org.phobos.agency.agent.history;

import uk.org.phobos.agency.core.api.Task;

/**
 * A task as the history holds it: {@code sequence} orders tasks created at the same instant (later
 * saved first seen as newer), {@code hasStream} tells whether its raw stream is on disk.
 */
record HistoryEntry(Task task, long sequence, boolean hasStream) {

    String taskId() {
        return task.taskId();
    }

    HistoryEntry withTask(Task replacement) {
        return new HistoryEntry(replacement, sequence, hasStream);
    }

    HistoryEntry withStream(boolean stream) {
        return new HistoryEntry(task, sequence, stream);
    }
}
