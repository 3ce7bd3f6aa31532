package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The interfaces a component offers; each mounts its own routes. */
public enum ComponentInterface {
    STATUSABLE,
    TASKABLE,
    OBSERVABLE,
    CONFIGURABLE;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static ComponentInterface fromWireName(String name) {
        return WireNames.require(ComponentInterface.class, name);
    }
}
