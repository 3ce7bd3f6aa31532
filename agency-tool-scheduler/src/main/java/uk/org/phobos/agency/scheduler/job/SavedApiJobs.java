package uk.org.phobos.agency.scheduler.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs saved in {@code jobs.json}, checked again at start. Those that still validate are scheduled.
 * Those that no longer do (a rule that became stricter, a time zone the JVM no longer knows, a hand edit)
 * are set aside: not scheduled, but kept as they were and written back with every save, so that one entry
 * that fails a check never costs the user that job for good.
 */
public record SavedApiJobs(List<Job> valid, List<JobSpec> setAside) {
    private static final Logger log = LoggerFactory.getLogger(SavedApiJobs.class);

    public SavedApiJobs {
        valid = List.copyOf(valid);
        setAside = List.copyOf(setAside);
    }

    public static SavedApiJobs none() {
        return new SavedApiJobs(List.of(), List.of());
    }

    /** Checks each of {@code specs}, read from {@code file}; every job set aside is logged with the reason. */
    public static SavedApiJobs check(List<JobSpec> specs, JobValidator validator, Path file) {
        List<Job> valid = new ArrayList<>();
        List<JobSpec> setAside = new ArrayList<>();
        for (JobSpec spec : specs) {
            try {
                valid.add(validator.validate(spec));
            } catch (InvalidJobException e) {
                setAside.add(spec);
                log.error(
                        "job '{}' saved in {} is no longer valid and is not scheduled: {}. It is kept in that file"
                                + " as it was; creating a valid job named '{}' through the API replaces it",
                        spec.name(),
                        file,
                        e.getMessage(),
                        spec.name());
            }
        }
        return new SavedApiJobs(valid, setAside);
    }
}
