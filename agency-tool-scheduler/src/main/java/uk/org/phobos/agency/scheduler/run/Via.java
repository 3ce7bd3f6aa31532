package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run's task was submitted. */
public enum Via {
    /** Through the web view's internal API. */
    WEB,
    /** Straight to an agent (no web view configured, or it could not be reached). */
    AGENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Via fromWireName(String wire) {
        for (Via value : values()) {
            if (value.wireName().equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Via '" + wire + "'");
    }
}
