package uk.org.phobos.agency.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.scheduler.job.ApiJobStore;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobOrigin;
import uk.org.phobos.agency.scheduler.job.JobSpec;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.job.SavedApiJobs;
import uk.org.phobos.agency.testkit.clock.MutableClock;

/** The scheduling engine against a hand-moved clock and a launcher the test answers for: no real waiting. */
class SchedulerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock("2025-01-06T10:00:30Z");
    private final JobValidator validator = new JobValidator(ZoneOffset.UTC);
    private final AtomicInteger ids = new AtomicInteger();
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private FakeLauncher launcher;
    private Scheduler scheduler;

    @BeforeEach
    void start() {
        scheduler = restart(List.of(), List.of());
    }

    /** A new scheduler over the same state folder, as after a process restart. */
    private Scheduler restart(List<Job> apiJobs, List<Job> fileJobs) {
        return restart(new SavedApiJobs(apiJobs, List.of()), fileJobs, true);
    }

    /** A restart while the jobs file is missing or invalid: no file jobs are loaded. */
    private Scheduler restartWithAnUnusableFile(List<Job> apiJobs) {
        return restart(new SavedApiJobs(apiJobs, List.of()), List.of(), false);
    }

    private Scheduler restart(SavedApiJobs apiJobs, List<Job> fileJobs, boolean fileUsable) {
        launcher = new FakeLauncher();
        Scheduler created = new Scheduler(
                clock,
                launcher,
                new SchedulerStores(
                        apiJobStore(),
                        new JobStateStore(dir.resolve("state.json"), mapper),
                        new RunHistoryStore(dir.resolve("runs"), mapper)),
                50,
                () -> "r" + ids.incrementAndGet(),
                new TickSignal(),
                dir.resolve("jobs.yaml"));
        created.start(apiJobs, fileJobs, fileUsable);
        return created;
    }

    private ApiJobStore apiJobStore() {
        return new ApiJobStore(dir.resolve("jobs.json"), mapper);
    }

    private Job job(String name, String schedule) {
        return job(name, schedule, null, null, null);
    }

    private Job job(String name, String schedule, String overlap, String workspace, String catchUp) {
        return validator.validate(
                new JobSpec(name, schedule, null, "do " + name, null, null, null, workspace, overlap, null, catchUp));
    }

    private List<Outcome> outcomes(String job) {
        return scheduler.runs(job).stream().map(Run::outcome).toList();
    }

    private Run latest(String job) {
        return scheduler.runs(job).get(0);
    }

    @Nested
    class Firing {
        @Test
        void aJobFiresWhenItsTimeComesAndOnlyThen() {
            scheduler.create(job("five", "*/5 * * * *"));

            clock.set("2025-01-06T10:04:59Z");
            scheduler.tick();
            assertThat(launcher.launches).isEmpty();

            clock.set("2025-01-06T10:05:00Z");
            scheduler.tick();
            scheduler.tick();

            assertThat(launcher.launchedJobs()).containsExactly("five");
            Run run = launcher.last().run();
            assertThat(run.scheduledFor()).isEqualTo(Instant.parse("2025-01-06T10:05:00Z"));
            assertThat(run.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(run.status()).isEqualTo(RunStatus.SUBMITTING);
            assertThat(scheduler.nextDue()).contains(Instant.parse("2025-01-06T10:10:00Z"));
        }

        @Test
        void aRunIsFollowedToItsTasksEndInHistory() {
            scheduler.create(job("daily", "0 11 * * *"));
            clock.set("2025-01-06T11:00:00.200Z");
            scheduler.tick();

            launcher.accept(0);
            assertThat(latest("daily").status()).isEqualTo(RunStatus.TRACKING);
            assertThat(latest("daily").outcome()).isEqualTo(Outcome.SUBMITTED);
            assertThat(latest("daily").taskId()).isEqualTo("task-0");
            assertThat(scheduler.isBusy()).isTrue();

            launcher.end(0, TaskState.COMPLETED);

            Run done = latest("daily");
            assertThat(done.status()).isEqualTo(RunStatus.DONE);
            assertThat(done.outcome()).isEqualTo(Outcome.SUBMITTED);
            assertThat(done.finalState()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.finishedAt()).isEqualTo(Instant.parse("2025-01-06T11:00:00.200Z"));
            assertThat(scheduler.isBusy()).isFalse();
        }

        @Test
        void aTaskTheWebViewQueuedIsShownByTheAgentsTaskIdOnceAnAgentTookIt() {
            scheduler.create(job("daily", "0 11 * * *"));
            clock.set("2025-01-06T11:00:00.200Z");
            scheduler.tick();

            launcher.queue(0);
            assertThat(latest("daily").taskId()).isEqualTo("q-0");
            assertThat(latest("daily").queueId()).isEqualTo("q-0");
            assertThat(latest("daily").taskState()).isEqualTo(TaskState.QUEUED);
            assertThat(latest("daily").agentUrl()).isNull();

            launcher.dispatch(0, null);
            assertThat(latest("daily").taskId()).isEqualTo("task-0");
            assertThat(latest("daily").agentUrl()).isNull();
            launcher.dispatch(0, "https://127.0.0.1:9001");

            Run following = latest("daily");
            assertThat(following.status()).isEqualTo(RunStatus.TRACKING);
            assertThat(following.taskId()).isEqualTo("task-0");
            assertThat(following.queueId()).isEqualTo("q-0");
            assertThat(following.sessionId()).isEqualTo("session-0");
            assertThat(following.agentUrl()).isEqualTo("https://127.0.0.1:9001");
            assertThat(following.via()).isEqualTo(Via.WEB);
            assertThat(following.taskUrl()).hasToString("https://127.0.0.1:8444/api/task/task-0");
            assertThat(following.taskState()).isEqualTo(TaskState.WORKING);

            launcher.end(0, TaskState.COMPLETED);
            scheduler = restart(List.of(job("daily", "0 11 * * *")), List.of());

            Run saved = latest("daily");
            assertThat(saved.taskId()).isEqualTo("task-0");
            assertThat(saved.queueId()).isEqualTo("q-0");
            assertThat(saved.agentUrl()).isEqualTo("https://127.0.0.1:9001");
            assertThat(saved.finalState()).isEqualTo(TaskState.COMPLETED);
        }

        @Test
        void aRunFollowedAgainAfterARestartKeepsItsQueueId() {
            Job daily = job("daily", "0 11 * * *");
            scheduler.create(daily);
            clock.set("2025-01-06T11:00:00.200Z");
            scheduler.tick();
            launcher.queue(0);

            scheduler = restart(List.of(daily), List.of());

            assertThat(launcher.resumed).singleElement().satisfies(run -> {
                assertThat(run.taskId()).isEqualTo("q-0");
                assertThat(run.queueId()).isEqualTo("q-0");
                assertThat(run.taskUrl()).hasToString("https://127.0.0.1:8444/api/task/q-0");
            });
        }

        @Test
        void refusedSubmissionsEndTheRunWithTheirOutcome() {
            scheduler.create(job("busy", "* * * * *", "allow", null, null));
            clock.set("2025-01-06T10:01:00Z");
            scheduler.tick();
            launcher.refuse(0, Outcome.SKIPPED_BUSY, "agent https://127.0.0.1:9000 answered 409 agent_busy: busy");

            assertThat(latest("busy").outcome()).isEqualTo(Outcome.SKIPPED_BUSY);
            assertThat(latest("busy").error()).contains("409 agent_busy");
            assertThat(latest("busy").isDone()).isTrue();
        }

        @Test
        void aDisabledJobNeverFiresButCanBeRunByHand() {
            Job disabled = validator.validate(
                    new JobSpec("off", "* * * * *", null, "p", null, null, null, null, null, false, null));
            scheduler.create(disabled);
            clock.advance(Duration.ofHours(1));
            scheduler.tick();
            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.job("off").nextRunAt()).isNull();

            Run manual = scheduler.runNow("off");

            assertThat(manual.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(launcher.launchedJobs()).containsExactly("off");
        }

        @Test
        void springForwardGapFiresOnceAtTheGapsEndInTheJobsZone() {
            clock.set("2025-03-30T00:40:00Z");
            scheduler.create(validator.validate(new JobSpec(
                    "london", "*/20 1 * * *", "Europe/London", "p", null, null, null, null, "allow", null, null)));
            clock.set("2025-03-30T00:50:00Z");
            scheduler.tick();
            assertThat(scheduler.nextDue()).contains(Instant.parse("2025-03-30T01:00:00Z"));

            clock.set("2025-03-30T01:00:00Z");
            scheduler.tick();
            clock.set("2025-03-30T01:20:00Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(1);
            assertThat(scheduler.nextDue()).contains(Instant.parse("2025-03-31T00:00:00Z"));
        }
    }

    @Nested
    class Overlap {
        @Test
        void skipRecordsSkippedOverlapWhileTheRunGoesOn() {
            scheduler.create(job("minutely", "* * * * *"));
            clock.set("2025-01-06T10:01:00Z");
            scheduler.tick();
            launcher.accept(0);

            clock.set("2025-01-06T10:02:00Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(1);
            Run skipped = latest("minutely");
            assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED_OVERLAP);
            assertThat(skipped.error()).contains("of this job is still going");
            assertThat(skipped.scheduledFor()).isEqualTo(Instant.parse("2025-01-06T10:02:00Z"));
        }

        @Test
        void queueKeepsOneWaitingRunAndStartsItWhenThePreviousEnds() {
            scheduler.create(job("queued", "* * * * *", "queue", null, null));
            clock.set("2025-01-06T10:01:00Z");
            scheduler.tick();
            clock.set("2025-01-06T10:02:00Z");
            scheduler.tick();
            clock.set("2025-01-06T10:03:00Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(1);
            assertThat(scheduler.runs("queued"))
                    .extracting(Run::status, Run::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(RunStatus.DONE, Outcome.SKIPPED_OVERLAP),
                            org.assertj.core.groups.Tuple.tuple(RunStatus.QUEUED, null),
                            org.assertj.core.groups.Tuple.tuple(RunStatus.SUBMITTING, null));
            assertThat(latest("queued").error()).contains("a run is already queued (one at most)");
            assertThat(scheduler.job("queued").queuedRun()).isNotNull();

            clock.set("2025-01-06T10:03:10Z");
            launcher.complete(0);

            assertThat(launcher.launches).hasSize(2);
            Run started = launcher.last().run();
            assertThat(started.scheduledFor()).isEqualTo(Instant.parse("2025-01-06T10:02:00Z"));
            assertThat(started.startedAt()).isEqualTo(Instant.parse("2025-01-06T10:03:10Z"));
            assertThat(scheduler.job("queued").queuedRun()).isNull();
        }

        @Test
        void allowRunsOverlappingRuns() {
            scheduler.create(job("parallel", "* * * * *", "allow", null, null));
            clock.set("2025-01-06T10:01:00Z");
            scheduler.tick();
            clock.set("2025-01-06T10:02:00Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(2);
            assertThat(scheduler.job("parallel").activeRuns()).hasSize(2);
            assertThat(outcomes("parallel")).doesNotContain(Outcome.SKIPPED_OVERLAP);
        }
    }

    @Nested
    class WorkspaceLock {
        @Test
        void jobsSharingAWorkspaceNeverRunAtOnce() {
            scheduler.create(job("a", "0 * * * *", null, "repo", null));
            scheduler.create(job("b", "0 * * * *", null, "repo", null));
            scheduler.create(job("c", "0 * * * *", null, "other", null));
            clock.set("2025-01-06T11:00:00Z");

            scheduler.tick();

            assertThat(launcher.launchedJobs()).containsExactly("a", "c");
            assertThat(latest("b").outcome()).isEqualTo(Outcome.SKIPPED_OVERLAP);
            assertThat(latest("b").error()).isEqualTo("workspace 'repo' is in use by job 'a' (run r1)");
        }

        @Test
        void theLockIsHeldUntilTheTaskEndsThenAQueuedJobGetsIt() {
            scheduler.create(job("a", "0 * * * *", null, "repo", null));
            scheduler.create(job("b", "30 11 * * *", "queue", "repo", null));
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.accept(0);

            clock.set("2025-01-06T11:30:00Z");
            scheduler.tick();
            assertThat(launcher.launchedJobs()).containsExactly("a");
            assertThat(latest("b").status()).isEqualTo(RunStatus.QUEUED);

            launcher.end(0, TaskState.FAILED);

            assertThat(launcher.launchedJobs()).containsExactly("a", "b");
            assertThat(latest("a").finalState()).isEqualTo(TaskState.FAILED);
        }

        @Test
        void allowStillWaitsForTheWorkspace() {
            scheduler.create(job("a", "0 * * * *", "allow", "repo", null));
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            clock.set("2025-01-06T12:00:00Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(1);
            assertThat(latest("a").status()).isEqualTo(RunStatus.QUEUED);

            launcher.refuse(0, Outcome.SKIPPED_ERROR, "unreachable");

            assertThat(launcher.launches).hasSize(2);
        }

        @Test
        void twoQueuedJobsOfOneWorkspaceStartOneAfterTheOther() {
            scheduler.create(job("a", "0 * * * *", null, "repo", null));
            scheduler.create(job("b", "0 * * * *", "queue", "repo", null));
            scheduler.create(job("c", "0 * * * *", "queue", "repo", null));
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            assertThat(launcher.launchedJobs()).containsExactly("a");

            launcher.complete(0);
            assertThat(launcher.launchedJobs()).containsExactly("a", "b");

            launcher.complete(1);
            assertThat(launcher.launchedJobs()).containsExactly("a", "b", "c");
        }
    }

    @Nested
    class Misfires {
        @Test
        void catchUpOnceRecordsMissedTimesAndRunsTheLatestOnceOnStart() {
            Job hourly = job("hourly", "0 * * * *");
            scheduler.create(hourly);
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.complete(0);

            clock.set("2025-01-06T15:30:00Z"); // down from just after 11:00 until now
            scheduler = restart(List.of(hourly), List.of());

            assertThat(launcher.launches).hasSize(1);
            Run catchUp = launcher.last().run();
            assertThat(catchUp.trigger()).isEqualTo(Trigger.CATCH_UP);
            assertThat(catchUp.scheduledFor()).isEqualTo(Instant.parse("2025-01-06T15:00:00Z"));
            assertThat(scheduler.runs("hourly"))
                    .filteredOn(r -> r.outcome() == Outcome.MISSED)
                    .extracting(Run::scheduledFor)
                    .containsExactly(
                            Instant.parse("2025-01-06T14:00:00Z"),
                            Instant.parse("2025-01-06T13:00:00Z"),
                            Instant.parse("2025-01-06T12:00:00Z"));
            assertThat(latest("hourly").error()).isNull();
            assertThat(scheduler.runs("hourly").get(1).error()).isEqualTo("the scheduler was not running at this time");
            assertThat(scheduler.nextDue()).contains(Instant.parse("2025-01-06T16:00:00Z"));
        }

        @Test
        void catchUpNoneRecordsEveryMissedTimeAndRunsNothing() {
            Job hourly = job("hourly", "0 * * * *", null, null, "none");
            scheduler.create(hourly);

            clock.set("2025-01-06T15:30:00Z");
            scheduler = restart(List.of(hourly), List.of());

            assertThat(launcher.launches).isEmpty();
            assertThat(outcomes("hourly")).hasSize(5).containsOnly(Outcome.MISSED);
        }

        @Test
        void aLongDowntimeNeverBurstsAndKeepsHistoryWithinItsLimit() {
            Job minutely = job("minutely", "* * * * *");
            scheduler.create(minutely);

            clock.set("2025-01-09T10:00:30Z"); // three days: 4320 fire times
            scheduler = restart(List.of(minutely), List.of());

            assertThat(launcher.launches).hasSize(1);
            assertThat(scheduler.runs("minutely")).hasSize(50);
            assertThat(scheduler.runs("minutely").get(0).trigger()).isEqualTo(Trigger.CATCH_UP);
            assertThat(scheduler.runs("minutely").subList(1, 50)).allMatch(r -> r.outcome() == Outcome.MISSED);
        }

        @Test
        void nothingIsMissedWhenTheSchedulerWasUpForEveryFireTime() {
            Job hourly = job("hourly", "0 * * * *");
            scheduler.create(hourly);
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.complete(0);
            clock.set("2025-01-06T12:00:10Z");
            scheduler.tick();
            launcher.complete(1);

            // Down from 12:00:10 to 12:30, when no fire time falls. Had the last fire time (12:00) not been
            // saved, 11:00 and 12:00 would be due again now: one missed, one caught up.
            clock.set("2025-01-06T12:30:00Z");
            scheduler = restart(List.of(hourly), List.of());

            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.runs("hourly"))
                    .extracting(Run::scheduledFor, Run::trigger, Run::outcome)
                    .containsExactly(
                            tuple(Instant.parse("2025-01-06T12:00:00Z"), Trigger.SCHEDULE, Outcome.SUBMITTED),
                            tuple(Instant.parse("2025-01-06T11:00:00Z"), Trigger.SCHEDULE, Outcome.SUBMITTED));
            assertThat(scheduler.nextDue()).contains(Instant.parse("2025-01-06T13:00:00Z"));
        }

        @Test
        void aSchedulerThatFellAsleepTreatsLateTimesAsMisfires() {
            scheduler.create(job("once", "0 * * * *"));
            scheduler.create(job("none", "0 * * * *", null, null, "none"));

            clock.set("2025-01-06T13:05:00Z"); // 11:00, 12:00 and 13:00 passed during a suspend
            scheduler.tick();

            assertThat(launcher.launchedJobs()).containsExactly("once");
            assertThat(launcher.last().run().trigger()).isEqualTo(Trigger.CATCH_UP);
            assertThat(outcomes("none")).containsOnly(Outcome.MISSED).hasSize(3);
        }

        @Test
        void aSlightlyLateTickStillRunsOnTime() {
            scheduler.create(job("none", "0 * * * *", null, null, "none"));

            clock.set("2025-01-06T11:00:45Z");
            scheduler.tick();

            assertThat(launcher.launches).hasSize(1);
            assertThat(launcher.last().run().trigger()).isEqualTo(Trigger.SCHEDULE);
        }

        @Test
        void aJobWhoseScheduleChangedWhileDownDoesNotCountItsNewTimesAsMissed() {
            scheduler.create(job("job", "0 3 * * *"));
            clock.set("2025-01-06T15:30:00Z");

            scheduler = restart(List.of(job("job", "*/10 * * * *")), List.of());

            assertThat(scheduler.runs("job")).isEmpty();
            assertThat(launcher.launches).isEmpty();
        }
    }

    @Nested
    class Restarts {
        @Test
        void apiJobsHistoryAndPauseSurviveARestart() {
            scheduler.create(job("kept", "*/5 * * * *"));
            scheduler.pause("kept");
            scheduler.runNow("kept");
            launcher.complete(0);

            scheduler = restart(List.of(job("kept", "*/5 * * * *")), List.of());

            assertThat(apiJobStore().load()).extracting(JobSpec::name).containsExactly("kept");
            assertThat(scheduler.job("kept").paused()).isTrue();
            assertThat(scheduler.runs("kept")).singleElement().satisfies(run -> {
                assertThat(run.trigger()).isEqualTo(Trigger.MANUAL);
                assertThat(run.finalState()).isEqualTo(TaskState.COMPLETED);
            });
        }

        @Test
        void aFileJobsPauseSurvivesARestart() {
            Job fromFile = job("from-file", "*/5 * * * *");
            scheduler.applyFileJobs(List.of(fromFile));
            scheduler.pause("from-file");

            clock.set("2025-01-06T11:00:00Z");
            scheduler = restart(List.of(), List.of(fromFile));
            clock.set("2025-01-06T11:05:00Z");
            scheduler.tick();

            assertThat(scheduler.job("from-file").origin()).isEqualTo(JobOrigin.FILE);
            assertThat(scheduler.job("from-file").paused()).isTrue();
            assertThat(scheduler.job("from-file").nextRunAt()).isNull();
            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.runs("from-file")).isEmpty();
        }

        @Test
        void anUnusableFileAtStartKeepsItsJobsStateUntilAValidVersionArrives() {
            Job quiet = job("quiet", "*/5 * * * *");
            Job hourly = job("hourly", "0 * * * *");
            scheduler.applyFileJobs(List.of(quiet, hourly));
            scheduler.pause("quiet");
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.complete(0);

            clock.set("2025-01-06T13:30:00Z"); // down since 11:00, and the file is invalid at start
            scheduler = restartWithAnUnusableFile(List.of());
            assertThat(scheduler.jobs()).isEmpty();
            clock.set("2025-01-06T14:10:00Z");
            scheduler.applyFileJobs(List.of(quiet, hourly)); // the file is fixed

            assertThat(scheduler.job("quiet").paused()).isTrue();
            assertThat(launcher.launchedJobs()).containsExactly("hourly");
            assertThat(launcher.last().run().trigger()).isEqualTo(Trigger.CATCH_UP);
            assertThat(launcher.last().run().scheduledFor()).isEqualTo(Instant.parse("2025-01-06T14:00:00Z"));
            assertThat(scheduler.runs("hourly"))
                    .filteredOn(r -> r.outcome() == Outcome.MISSED)
                    .allSatisfy(r -> assertThat(r.error()).contains("the jobs file was invalid"))
                    .extracting(Run::scheduledFor)
                    .containsExactly(Instant.parse("2025-01-06T13:00:00Z"), Instant.parse("2025-01-06T12:00:00Z"));
        }

        @Test
        void anUnusableFileAtStartLosesNoStateForTheNextStart() {
            Job quiet = job("quiet", "*/5 * * * *");
            Job hourly = job("hourly", "0 * * * *");
            scheduler.applyFileJobs(List.of(quiet, hourly));
            scheduler.pause("quiet");
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.complete(0);

            clock.set("2025-01-06T11:30:00Z");
            scheduler = restartWithAnUnusableFile(List.of());
            clock.set("2025-01-06T13:30:00Z"); // the file was fixed while the scheduler was down again
            scheduler = restart(List.of(), List.of(quiet, hourly));

            assertThat(scheduler.job("quiet").paused()).isTrue();
            assertThat(launcher.launchedJobs()).containsExactly("hourly");
            assertThat(launcher.last().run().scheduledFor()).isEqualTo(Instant.parse("2025-01-06T13:00:00Z"));
            assertThat(scheduler.runs("hourly"))
                    .filteredOn(r -> r.outcome() == Outcome.MISSED)
                    .extracting(Run::scheduledFor)
                    .containsExactly(Instant.parse("2025-01-06T12:00:00Z"));
        }

        @Test
        void theStateOfAJobTheValidFileNoLongerHasIsForgotten() {
            Job gone = job("gone", "*/5 * * * *");
            scheduler.applyFileJobs(List.of(gone));
            scheduler.pause("gone");

            scheduler = restart(List.of(), List.of()); // a valid file without it
            scheduler.applyFileJobs(List.of(gone)); // back later: a new job

            assertThat(scheduler.job("gone").paused()).isFalse();
            assertThat(new JobStateStore(dir.resolve("state.json"), mapper).load())
                    .containsOnlyKeys("gone");
        }

        @Test
        void savedApiJobsThatNoLongerValidateAreKeptInJobsJson() {
            JobSpec kept = job("kept", "@daily").spec();
            JobSpec stale = new JobSpec("stale", "0 0 30 2 *", null, "p", null, null, null, null, null, null, null);
            apiJobStore().save(List.of(kept, stale));

            SavedApiJobs saved = SavedApiJobs.check(
                    apiJobStore().load(), validator, apiJobStore().file());
            scheduler = restart(saved, List.of(), true);
            scheduler.create(job("new", "@hourly"));
            scheduler.delete("kept");

            assertThat(scheduler.jobs()).extracting(s -> s.job().name()).containsExactly("new");
            assertThat(apiJobStore().load())
                    .containsExactly(job("new", "@hourly").spec(), stale);
        }

        @Test
        void aSetAsideApiJobKeepsItsStateAndCreatingAJobOfItsNameReplacesIt() {
            scheduler.create(job("x", "@daily"));
            scheduler.pause("x");
            // As if a rule became stricter since x was saved:
            apiJobStore()
                    .save(List.of(new JobSpec(
                            "x", "0 0 30 2 *", null, "do x", null, null, null, null, "skip", true, "once")));

            scheduler = restart(
                    SavedApiJobs.check(
                            apiJobStore().load(), validator, apiJobStore().file()),
                    List.of(),
                    true);
            scheduler.applyFileJobs(List.of(job("f", "@daily"))); // a valid file: forgets what it does not hold

            assertThat(new JobStateStore(dir.resolve("state.json"), mapper).load())
                    .containsOnlyKeys("f", "x")
                    .hasEntrySatisfying("x", state -> assertThat(state.paused()).isTrue());

            scheduler.create(job("x", "0 0 28 2 *"));

            assertThat(apiJobStore().load())
                    .containsExactly(job("x", "0 0 28 2 *").spec());
            assertThat(scheduler.job("x").paused()).isFalse();
        }

        @Test
        void aTaskBeingFollowedIsFollowedAgainAfterARestartAndKeepsItsWorkspace() {
            scheduler.create(job("a", "0 * * * *", null, "repo", null));
            scheduler.create(job("b", "30 * * * *", null, "repo", null));
            scheduler.runNow("a");
            launcher.accept(0);

            scheduler = restart(
                    List.of(job("a", "0 * * * *", null, "repo", null), job("b", "30 * * * *", null, "repo", null)),
                    List.of());

            assertThat(launcher.resumed)
                    .singleElement()
                    .satisfies(run -> assertThat(run.taskId()).isEqualTo("task-0"));
            assertThat(scheduler.isBusy()).isTrue();
            assertThat(scheduler.runNow("b").outcome()).isEqualTo(Outcome.SKIPPED_OVERLAP);
        }

        @Test
        void aRunCaughtSubmittingIsSettledAsAnError() {
            scheduler.create(job("a", "0 * * * *"));
            scheduler.runNow("a");

            scheduler = restart(List.of(job("a", "0 * * * *")), List.of());

            assertThat(latest("a").outcome()).isEqualTo(Outcome.SKIPPED_ERROR);
            assertThat(latest("a").error()).contains("may or may not have reached the agent");
            assertThat(scheduler.isBusy()).isFalse();
        }
    }

    @Nested
    class Jobs {
        @Test
        void pausedJobsDoNotFireAndResumingDoesNotCountThePauseAsMissed() {
            scheduler.create(job("p", "*/5 * * * *"));
            scheduler.pause("p");
            clock.set("2025-01-06T12:00:00Z");
            scheduler.tick();
            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.job("p").nextRunAt()).isNull();

            clock.set("2025-01-06T12:01:00Z");
            scheduler.resume("p");
            scheduler.tick();

            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.runs("p")).isEmpty();
            assertThat(scheduler.job("p").nextRunAt()).isEqualTo(Instant.parse("2025-01-06T12:05:00Z"));
        }

        @Test
        void namesAreUniqueAcrossFileAndApi() {
            scheduler.applyFileJobs(List.of(job("from-file", "@daily")));

            assertThatThrownBy(() -> scheduler.create(job("from-file", "@hourly")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.error().error()).isEqualTo("already_exists");
                        assertThat(e.getMessage()).contains("jobs.yaml");
                    });
            scheduler.create(job("from-api", "@daily"));
            assertThatThrownBy(() -> scheduler.applyFileJobs(List.of(job("from-api", "@daily"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already a job created through the API");
        }

        @Test
        void fileJobsCannotBeChangedOrRemovedThroughTheApi() {
            scheduler.applyFileJobs(List.of(job("from-file", "@daily")));

            assertThatThrownBy(() -> scheduler.replace("from-file", job("from-file", "@hourly")))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                    .hasMessageContaining("edit that file to change it");
            assertThatThrownBy(() -> scheduler.delete("from-file"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }

        @Test
        void reloadingTheFileKeepsEachJobsRunStateByName() {
            scheduler.applyFileJobs(List.of(job("a", "0 * * * *"), job("b", "0 * * * *")));
            clock.set("2025-01-06T11:00:00Z");
            scheduler.tick();
            launcher.complete(0);
            launcher.accept(1);

            scheduler.applyFileJobs(List.of(
                    validator.validate(new JobSpec(
                            "a", "0 * * * *", null, "new prompt", null, null, null, null, null, null, null)),
                    job("c", "0 * * * *")));

            assertThat(scheduler.jobs()).extracting(s -> s.job().name()).containsExactly("a", "c");
            assertThat(scheduler.job("a").job().spec().prompt()).isEqualTo("new prompt");
            assertThat(scheduler.runs("a")).hasSize(1);
            assertThat(scheduler.job("a").nextRunAt()).isEqualTo(Instant.parse("2025-01-06T12:00:00Z"));
            assertThat(scheduler.job("a").origin()).isEqualTo(JobOrigin.FILE);
        }

        @Test
        void deletingAnApiJobDeletesItsHistory() {
            scheduler.create(job("gone", "@daily"));
            scheduler.runNow("gone");
            launcher.complete(0);
            assertThat(dir.resolve("runs/gone.json")).exists();

            scheduler.delete("gone");

            assertThat(dir.resolve("runs/gone.json")).doesNotExist();
            assertThatThrownBy(() -> scheduler.job("gone"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }

        @Test
        void editingTheScheduleStartsCountingFromNow() {
            scheduler.create(job("e", "0 3 * * *"));
            clock.set("2025-01-06T15:00:30Z");

            scheduler.replace("e", job("e", "*/10 * * * *"));
            scheduler.tick();

            assertThat(launcher.launches).isEmpty();
            assertThat(scheduler.job("e").nextRunAt()).isEqualTo(Instant.parse("2025-01-06T15:10:00Z"));
        }

        @Test
        void theHistoryLimitTrimsOldRuns() throws Exception {
            scheduler.create(job("h", "* * * * *"));
            for (int i = 0; i < 5; i++) {
                scheduler.runNow("h");
                launcher.complete(i);
            }

            scheduler.historyLimit(2);

            assertThat(scheduler.runs("h")).hasSize(2);
            assertThat(Files.readString(dir.resolve("runs/h.json")))
                    .contains("\"run_id\" : \"r5\"")
                    .doesNotContain("\"r1\"");
        }
    }
}
