package uk.org.phobos.agency.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.LeftoverRun;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/**
 * What a task leaves on disk for an agent that dies: the running marker from before the 201 (with
 * each run's process once it started), the task in its session, the marker gone once the task ended.
 */
class TaskRunnerMarkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TaskRunner runner;
    private HistoryStore history;
    private SessionStore sessions;
    private RunningTaskMarker marker;

    private TaskRunner runner(FakeRun... runs) throws IOException {
        var mapper = AgencyJson.newMapper();
        FakeClaude claude = FakeClaude.builder().runs(runs).writeTo(Files.createDirectories(dir.resolve("fake")));
        history = HistoryStore.open(dir.resolve("history"), mapper, 10, 10);
        sessions = SessionStore.open(dir.resolve("sessions"), dir.resolve("sessions.jsonl"), mapper);
        marker = new RunningTaskMarker(dir.resolve("running.json"), mapper);
        runner = new TaskRunner(
                new RunnerSettings(
                        claude.executable().toString(),
                        "sonnet",
                        List.of("sonnet"),
                        10,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(1),
                        2),
                new ProcessLauncher(),
                history,
                sessions,
                marker,
                () -> "instructions",
                new ChildEnvironment(Set.of(), Set.of()),
                Map.of("PATH", "/usr/bin:/bin", "HOME", dir.resolve("home").toString()),
                new TaskSandboxing(SandboxMode.OFF, Detection.none("not wanted"), null, new SandboxProbe(), false),
                Clock.systemUTC());
        return runner;
    }

    @AfterEach
    void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void theMarkerNamesTheTaskBeforeTheAnswerThenItsProcessAndIsGoneOnceTheTaskEnded() throws IOException {
        TaskRunner runner = runner(FakeRun.create().init().text("working").hang());

        TaskCreated created = runner.submit(TaskRequest.of("x"));

        // Before the answer: the marker (durable) and the task in its new session.
        assertThat(read().map(run -> run.task().taskId())).contains(created.taskId());
        assertThat(sessions.find(created.sessionId()).orElseThrow().taskIds()).containsExactly(created.taskId());
        // Once anything the run printed is on disk, its process is in the marker.
        Path partial = dir.resolve("history").resolve(created.taskId() + ".stream.jsonl.part");
        Deadline.after(WAIT).await("the run's first line on disk", () -> lines(partial) > 0);
        assertThat(read().flatMap(LeftoverRun::process).orElseThrow().runId()).isNotNull();

        assertThat(runner.cancel(created.taskId()).state()).isEqualTo(TaskState.CANCELLED);

        assertThat(history.find(created.taskId()).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
        Deadline.after(WAIT).await("the marker removed", () -> !Files.exists(marker.file()));
    }

    @Test
    void aTaskStartedAsSoonAsTheLastOneIsSeenToEndKeepsItsMarker() throws IOException {
        TaskRunner runner = runner(
                FakeRun.create().init().success("first"),
                FakeRun.create().init().text("second").hang());
        String first = runner.submit(TaskRequest.of("one")).taskId();
        Deadline.after(WAIT)
                .await(
                        "the first task to end",
                        () -> runner.task(first).orElseThrow().state().isTerminal());

        String second = runner.submit(TaskRequest.of("two")).taskId();

        Deadline.after(WAIT)
                .await(
                        "the second task's process in the marker",
                        () -> read().filter(run -> run.task().taskId().equals(second))
                                .flatMap(LeftoverRun::process)
                                .isPresent());
        assertThat(runner.task(first).orElseThrow().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(runner.task(second).orElseThrow().state()).isEqualTo(TaskState.WORKING);
        assertThat(read().map(run -> run.task().taskId())).contains(second);
        runner.cancel(second);
        Deadline.after(WAIT).await("the marker removed", () -> !Files.exists(marker.file()));
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<LeftoverRun> read() {
        try {
            return marker.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
