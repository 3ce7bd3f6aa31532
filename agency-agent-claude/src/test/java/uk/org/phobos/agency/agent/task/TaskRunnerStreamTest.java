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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/** The raw lines of a running task go to a partial stream on disk, which becomes its kept stream. */
class TaskRunnerStreamTest {
    @TempDir
    Path dir;

    private TaskRunner runner;
    private HistoryStore history;

    private TaskRunner runner(FakeRun... runs) throws IOException {
        var mapper = AgencyJson.newMapper();
        FakeClaude claude = FakeClaude.builder().runs(runs).writeTo(Files.createDirectories(dir.resolve("fake")));
        history = HistoryStore.open(dir.resolve("history"), mapper, 10, 10);
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
                SessionStore.open(dir.resolve("sessions"), dir.resolve("sessions.jsonl"), mapper),
                new RunningTaskMarker(dir.resolve("running.json"), mapper),
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
    void theLinesOfARunningTaskAreOnDiskAndBecomeItsKeptStreamWhenItEnds() throws IOException {
        TaskRunner runner =
                runner(FakeRun.create().init().text("first").text("second").hang());
        String taskId = runner.submit(TaskRequest.of("x")).taskId();
        Path partial = dir.resolve("history").resolve(taskId + ".stream.jsonl.part");

        Deadline.after(Duration.ofSeconds(20))
                .await(
                        "the three lines in the partial stream",
                        () -> lines(partial).size() == 3);
        List<String> written = lines(partial);
        assertThat(written.get(1)).contains("\"first\"");
        assertThat(written.get(2)).contains("\"second\"");
        assertThat(history.stream(taskId)).isEmpty();

        Task cancelled = runner.cancel(taskId);

        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(cancelled.steps()).containsExactly(Step.text("first"), Step.text("second"));
        assertThat(partial).doesNotExist();
        assertThat(history.stream(taskId)).contains(written);
    }

    @Test
    void everyRunOfATaskAddsToTheOneStream() throws IOException {
        TaskRunner runner = runner(
                FakeRun.create().init().text("one").maxTurns(1),
                FakeRun.create().init().text("two").success("done"));
        String taskId = runner.submit(TaskRequest.of("x")).taskId();

        Task[] done = new Task[1];
        Deadline.after(Duration.ofSeconds(20)).await("the task to end", () -> {
            done[0] = runner.task(taskId).orElseThrow();
            return done[0].state().isTerminal();
        });

        assertThat(done[0].state()).isEqualTo(TaskState.COMPLETED);
        assertThat(done[0].attempts()).isEqualTo(2);
        List<String> kept = history.stream(taskId).orElseThrow();
        assertThat(kept).hasSize(6);
        assertThat(kept)
                .filteredOn(line -> line.contains("\"subtype\":\"init\""))
                .hasSize(2);
        assertThat(dir.resolve("history").resolve(taskId + ".stream.jsonl.part"))
                .doesNotExist();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
