package uk.org.phobos.agency.core.discovery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a fleet member is doing, from its recent polls (ARCHITECTURE.md: discovery). */
public enum Health {
    /** Its last poll answered. */
    OK,
    /** One or two polls in a row failed. */
    DEGRADED,
    /** Three or more polls in a row failed. */
    DOWN;

    public static final int DOWN_AFTER_FAILURES = 3;

    static Health afterFailures(int consecutiveFailures) {
        if (consecutiveFailures == 0) {
            return OK;
        }
        return consecutiveFailures < DOWN_AFTER_FAILURES ? DEGRADED : DOWN;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
