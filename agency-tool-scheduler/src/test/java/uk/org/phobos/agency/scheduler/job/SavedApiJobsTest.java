package uk.org.phobos.agency.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Checking the jobs saved in jobs.json at start: those that no longer validate are set aside, not lost. */
class SavedApiJobsTest {
    private final JobValidator validator = new JobValidator(ZoneOffset.UTC);
    private final Path file = Path.of("/state/scheduler/jobs.json");

    @Test
    void jobsThatNoLongerValidateAreSetAsideAsTheyWereAndLoggedWithTheReason() {
        JobSpec good = new JobSpec("good", "@daily", null, "p", null, null, null, null, null, null, null);
        JobSpec stale =
                new JobSpec("stale", "0 0 30 2 *", "Mars/Olympus", "p", null, null, null, null, null, null, null);
        Logger logger = (Logger) LoggerFactory.getLogger(SavedApiJobs.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        SavedApiJobs saved;
        try {
            saved = SavedApiJobs.check(List.of(good, stale), validator, file);
        } finally {
            logger.detachAppender(captured);
        }

        assertThat(saved.valid()).extracting(Job::name).containsExactly("good");
        assertThat(saved.setAside()).containsExactly(stale);
        assertThat(captured.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage())
                    .contains("job 'stale' saved in /state/scheduler/jobs.json is no longer valid and is not scheduled")
                    .contains("schedule: '0 0 30 2 *' can never fire")
                    .contains("time_zone: 'Mars/Olympus' is not an IANA time zone")
                    .contains("kept in that file as it was");
        });
    }
}
