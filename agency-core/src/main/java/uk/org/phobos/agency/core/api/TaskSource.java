package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who submitted a task. */
public enum TaskSource {
    WEB,
    CLI,
    SCHEDULER,
    GITHUB,
    DIRECTOR;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static TaskSource fromWireName(String name) {
        return WireNames.require(TaskSource.class, name);
    }
}
