package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a run happened. */
public enum Trigger {
    /** Its fire time came. */
    SCHEDULE,
    /** Someone asked for it (POST /jobs/{name}/run). */
    MANUAL,
    /** The single catch-up run for fire times missed while the scheduler was down. */
    CATCH_UP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Trigger fromWireName(String wire) {
        for (Trigger value : values()) {
            if (value.wireName().equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Trigger '" + wire + "'");
    }
}
