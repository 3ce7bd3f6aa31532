package uk.org.phobos.agency.scheduler.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happens when a job is due while a run of it is still going (or its workspace is in use). */
public enum Overlap {
    /** The new run is recorded {@code skipped_overlap}. */
    SKIP,
    /** The new run waits; at most one waits per job, later ones are skipped. */
    QUEUE,
    /** Runs of the job may overlap; its workspace lock, if any, still holds. */
    ALLOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
