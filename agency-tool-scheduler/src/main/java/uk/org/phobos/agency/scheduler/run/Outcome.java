package uk.org.phobos.agency.scheduler.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What became of a run (SPEC.md section 5). */
public enum Outcome {
    /** The task was accepted by the web view or an agent. */
    SUBMITTED,
    /** The agent was busy (409 agent_busy). */
    SKIPPED_BUSY,
    /** A run of the job was still going, or its workspace was in use. */
    SKIPPED_OVERLAP,
    /** The task could not be submitted; the run's error says why. */
    SKIPPED_ERROR,
    /** The fire time passed while the scheduler was not running. */
    MISSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Outcome fromWireName(String wire) {
        for (Outcome value : values()) {
            if (value.wireName().equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Outcome '" + wire + "'");
    }
}
