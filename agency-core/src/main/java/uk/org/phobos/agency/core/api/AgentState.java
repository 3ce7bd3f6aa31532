package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The states of an agent (SPEC.md section 3). */
public enum AgentState {
    STARTING,
    IDLE,
    WORKING,
    CANCELLING,
    DRAINING;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static AgentState fromWireName(String name) {
        return WireNames.require(AgentState.class, name);
    }
}
