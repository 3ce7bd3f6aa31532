package uk.org.phobos.agency.cli.jobs;

import java.net.URI;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;

/** The scheduler a jobs command talks to: named with --scheduler, else found by discovery. */
public final class SchedulerOption {
    @Option(
            names = "--scheduler",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "The scheduler, e.g. https://127.0.0.1:9100 (default: the first one discovery finds).")
    URI url;

    /** The scheduler named with --scheduler, else the first discovered one; exit 3 when none answers. */
    SchedulerJobs jobs(CliServices services) {
        return new SchedulerJobs(
                services.api(), url != null ? url : services.finder().requireScheduler());
    }
}
