package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is in its life. */
public enum RunStatus {
    /** Waiting for the job's previous run or its workspace (overlap: queue). */
    QUEUED,
    /** Its task is being submitted. */
    SUBMITTING,
    /** Its task was accepted and is being followed to its end. */
    TRACKING,
    /** Nothing more will happen to it. */
    DONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus fromWireName(String wire) {
        for (RunStatus value : values()) {
            if (value.wireName().equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown RunStatus '" + wire + "'");
    }
}
