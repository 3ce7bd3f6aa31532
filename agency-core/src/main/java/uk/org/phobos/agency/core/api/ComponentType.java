package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of component in a fleet (SPEC.md section 1). */
public enum ComponentType {
    AGENT,
    HELPER,
    DIRECTOR,
    VIEW;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static ComponentType fromWireName(String name) {
        return WireNames.require(ComponentType.class, name);
    }
}
