package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a task did not complete (SPEC.md section 3). */
public enum TaskErrorType {
    CLAUDE_ERROR,
    API_ERROR,
    MAX_TURNS,
    TIMEOUT,
    CANCELLED,
    INTERRUPTED,
    NO_RESULT,
    STALLED,
    SESSION_ERROR,
    SANDBOX_ERROR,
    START_ERROR;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static TaskErrorType fromWireName(String name) {
        return WireNames.require(TaskErrorType.class, name);
    }
}
