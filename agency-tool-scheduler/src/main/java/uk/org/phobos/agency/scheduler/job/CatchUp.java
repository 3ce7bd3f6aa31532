package uk.org.phobos.agency.scheduler.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a job does about fire times it missed while the scheduler was not running. */
public enum CatchUp {
    /** Every missed time is recorded {@code missed}; nothing runs. */
    NONE,
    /** The missed times are recorded, and the latest one runs once, right away: never a burst. */
    ONCE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
