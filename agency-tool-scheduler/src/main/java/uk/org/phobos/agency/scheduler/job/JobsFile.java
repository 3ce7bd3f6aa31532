package uk.org.phobos.agency.scheduler.job;

import java.util.List;

/** The YAML jobs file: {@code jobs:} and a list of job definitions. */
public record JobsFile(List<JobSpec> jobs) {
    public JobsFile {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
