package uk.org.phobos.agency.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.scheduler.job.ApiJobStore;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobSpec;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.job.SavedApiJobs;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.clock.MutableClock;

/**
 * The ticker thread: woken from a long sleep, it runs what is due.
 * Time is moved by hand; the test only polls for the ticker's reaction, it never waits for a fire time.
 */
class TickerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock("2025-01-06T10:00:30Z");
    private final List<String> launched = new CopyOnWriteArrayList<>();

    @Test
    void aWakeUpMakesTheTickerRunWhatIsDue() {
        TickSignal signal = new TickSignal();
        var mapper = AgencyJson.newMapper();
        Scheduler scheduler = new Scheduler(
                clock,
                new RunLauncher() {
                    @Override
                    public void launch(Job job, Run run, RunListener listener) {
                        launched.add(job.name());
                    }

                    @Override
                    public void resume(Run run, RunListener listener) {}
                },
                new SchedulerStores(
                        new ApiJobStore(dir.resolve("jobs.json"), mapper),
                        new JobStateStore(dir.resolve("state.json"), mapper),
                        new RunHistoryStore(dir.resolve("runs"), mapper)),
                50,
                () -> "r" + launched.size(),
                signal,
                null);
        scheduler.start(SavedApiJobs.none(), List.of(), true);
        try (Ticker ticker = new Ticker(scheduler, clock, signal, Duration.ofHours(1))) {
            ticker.start();
            Job job = new JobValidator(ZoneOffset.UTC)
                    .validate(new JobSpec("j", "*/5 * * * *", null, "p", null, null, null, null, null, null, null));
            scheduler.create(job);
            clock.set("2025-01-06T10:05:00Z");

            signal.wake(); // as a change does; the ticker slept towards 10:05 in real time, an hour at most

            Deadline.after(Duration.ofSeconds(10)).await("the ticker to launch the job", () -> !launched.isEmpty());
            assertThat(launched).containsExactly("j");
        }
    }
}
