package uk.org.phobos.agency.scheduler.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is defined: the watched YAML file, or the REST API (kept in {@code AGENCY_ROOT/scheduler}). */
public enum JobOrigin {
    FILE,
    API;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
