package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The states of a task (SPEC.md section 3). */
public enum TaskState {
    QUEUED,
    WORKING,
    COMPLETED,
    FAILED,
    CANCELLED,
    INTERRUPTED;

    /** True once the task can no longer change. */
    public boolean isTerminal() {
        return this != QUEUED && this != WORKING;
    }

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static TaskState fromWireName(String name) {
        return WireNames.require(TaskState.class, name);
    }
}
