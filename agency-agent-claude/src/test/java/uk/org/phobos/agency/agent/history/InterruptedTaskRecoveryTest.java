package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

class InterruptedTaskRecoveryTest {
    private static final Instant NOW = TestTasks.BASE.plusSeconds(100);
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @TempDir
    Path dir;

    private RunningTaskMarker marker() {
        return new RunningTaskMarker(dir.resolve(RunningTaskMarker.FILE_NAME), mapper);
    }

    private HistoryStore history() throws IOException {
        return HistoryStore.open(dir.resolve("history"), mapper, 100, 20);
    }

    private InterruptedTaskRecovery recovery(HistoryStore history) {
        return new InterruptedTaskRecovery(
                marker(), new ProcessLauncher()::endLeftover, history, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void nothingToDoWithoutAMarker() throws IOException {
        HistoryStore history = history();

        assertThat(recovery(history).recover()).isEmpty();
        assertThat(history.newestFirst()).isEmpty();
    }

    @Test
    void recordsTheRunningTaskInterruptedAndClearsTheMarker() throws IOException {
        Task task = TestTasks.working("t1", 0);
        RunningTaskMarker marker = marker();
        marker.taskStarted(task);
        // Above Linux's PID_MAX_LIMIT (2^22): no process ever has this pid, so there is nothing to end.
        marker.processStarted(new ProcessIdentity(4_194_305, Instant.EPOCH));
        HistoryStore history = history();

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(recorded.error())
                .isEqualTo(new TaskError(TaskErrorType.INTERRUPTED, InterruptedTaskRecovery.MESSAGE));
        assertThat(recorded.completedAt()).isEqualTo(NOW);
        assertThat(recorded.durationSeconds()).isEqualTo(99.995);
        assertThat(recorded.prompt()).isEqualTo(task.prompt());
        assertThat(history().find("t1")).contains(recorded);
        assertThat(marker().read()).isEmpty();
    }

    @Test
    void prefersTheHistorysNewerCopy() throws IOException {
        Task started = TestTasks.working("t1", 0);
        marker().taskStarted(started);
        HistoryStore history = history();
        Task progressed = new Task(
                "t1",
                started.sessionId(),
                TaskState.WORKING,
                started.prompt(),
                started.model(),
                started.source(),
                null,
                started.createdAt(),
                started.startedAt(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                2,
                List.of(Step.text("half way")),
                null);
        history.save(progressed);

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(recorded.steps()).containsExactly(Step.text("half way"));
        assertThat(recorded.attempts()).isEqualTo(2);
    }

    @Test
    void aTaskThatEndedBeforeTheCrashKeepsItsState() throws IOException {
        Task started = TestTasks.working("t1", 0);
        marker().taskStarted(started);
        HistoryStore history = history();
        Task completed = TestTasks.everyField("t1");
        history.save(completed);

        assertThat(recovery(history).recover()).contains(completed);
        assertThat(history.find("t1")).contains(completed);
        assertThat(marker().read()).isEqualTo(Optional.empty());
    }

    @Test
    void rebuildsTheStepsFromThePartialStreamCutsItsTornLineAndKeepsItAsTheDebugStream() throws IOException {
        Task task = TestTasks.working("t1", 0);
        marker().taskStarted(task);
        List<String> whole = new ArrayList<>(StreamJsonFixture.TOOL_CALL_SUCCESS.lines());
        whole.remove(whole.size() - 1); // killed before the result
        byte[] torn = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"\u00e9"
                .getBytes(StandardCharsets.UTF_8);
        writePartial("t1", whole, Arrays.copyOf(torn, torn.length - 1));
        HistoryStore history = history();

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(recorded.error().type()).isEqualTo(TaskErrorType.INTERRUPTED);
        assertThat(recorded.steps())
                .containsExactly(
                        new Step(
                                Step.TOOL_CALL,
                                "Bash",
                                "echo hello > proof.txt",
                                "(Bash completed with no output)",
                                false),
                        Step.text("I wrote hello to proof.txt."));
        assertThat(recorded.output()).isEqualTo("I wrote hello to proof.txt.");
        assertThat(recorded.attempts()).isEqualTo(1);
        assertThat(recorded.numTurns()).isEqualTo(task.numTurns());
        // The debug stream: the whole lines, as they came; the torn one is gone.
        assertThat(history.stream("t1")).contains(whole);
        HistoryStore reopened = history();
        assertThat(reopened.find("t1")).contains(recorded);
        assertThat(reopened.stream("t1")).contains(whole);
        assertThat(reopened.leftoverPartialStreams()).isEmpty();
        assertThat(dir.resolve("history/t1.stream.jsonl.part")).doesNotExist();
        assertThat(marker().read()).isEmpty();
    }

    @Test
    void usageTurnsAndAttemptsAddUpTheRunsThatPrintedTheirResult() throws IOException {
        marker().taskStarted(TestTasks.working("t1", 0));
        List<String> lines = new ArrayList<>(StreamJsonFixture.MAX_TURNS.lines());
        List<String> resumed = StreamJsonFixture.RESUMED_SUCCESS.lines();
        lines.addAll(resumed.subList(0, 1)); // the second run had only started
        writePartial("t1", lines, new byte[0]);
        HistoryStore history = history();

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(recorded.attempts()).isEqualTo(2);
        assertThat(recorded.usage()).isEqualTo(new Usage(10, 5, 0, 0));
        assertThat(recorded.numTurns()).isEqualTo(2);
        assertThat(recorded.costUsd()).isEqualTo(0.000105);
        assertThat(recorded.steps()).hasSize(1);
        assertThat(recorded.output()).isEqualTo("Reached maximum number of turns (1)");
        assertThat(history.stream("t1")).contains(lines);
    }

    @Test
    void anEmptyPartialStreamKeepsTheMarkersTaskAsItWas() throws IOException {
        Task task = TestTasks.working("t1", 0);
        marker().taskStarted(task);
        writePartial("t1", List.of(), new byte[0]);
        HistoryStore history = history();

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.steps()).isEmpty();
        assertThat(recorded.attempts()).isEqualTo(task.attempts());
        assertThat(recorded.usage()).isEqualTo(task.usage());
        assertThat(history.stream("t1")).contains(List.of());
    }

    @Test
    void aTaskThatEndedBeforeItsStreamWasRenamedKeepsItsStateAndGetsItsStream() throws IOException {
        marker().taskStarted(TestTasks.working("t1", 0));
        HistoryStore before = history();
        Task completed = TestTasks.everyField("t1");
        before.save(completed);
        List<String> lines = StreamJsonFixture.TOOL_CALL_SUCCESS.lines();
        writePartial("t1", lines, new byte[0]);
        HistoryStore history = history();

        assertThat(recovery(history).recover()).contains(completed);

        assertThat(history.find("t1")).contains(completed);
        assertThat(history.stream("t1")).contains(lines);
    }

    @Test
    void partialStreamsOfOtherTasksAreRemoved() throws IOException {
        marker().taskStarted(TestTasks.working("t1", 0));
        writePartial("t1", List.of("{}"), new byte[0]);
        writePartial("stray", List.of("{}"), new byte[0]);
        HistoryStore history = history();

        recovery(history).recover();

        assertThat(names(dir.resolve("history"))).containsExactlyInAnyOrder("t1.json", "t1.stream.jsonl");

        writePartial("another", List.of("{}"), new byte[0]);
        HistoryStore withoutMarker = history();
        assertThat(recovery(withoutMarker).recover()).isEmpty();
        assertThat(names(dir.resolve("history"))).containsExactlyInAnyOrder("t1.json", "t1.stream.jsonl");
    }

    @Test
    void theRecoveredStreamIsKeptOnlyWhereRetentionKeepsStreams() throws IOException {
        marker().taskStarted(TestTasks.working("t1", 0));
        writePartial("t1", StreamJsonFixture.TOOL_CALL_SUCCESS.lines(), new byte[0]);
        HistoryStore history = HistoryStore.open(dir.resolve("history"), mapper, 100, 0);

        Task recorded = recovery(history).recover().orElseThrow();

        assertThat(recorded.steps()).hasSize(2);
        assertThat(history.stream("t1")).isEmpty();
        assertThat(names(dir.resolve("history"))).containsExactly("t1.json");
    }

    private void writePartial(String taskId, List<String> lines, byte[] tornTail) throws IOException {
        Path history = Files.createDirectories(dir.resolve("history"));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (String line : lines) {
            content.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        content.writeBytes(tornTail);
        Files.write(history.resolve(taskId + ".stream.jsonl.part"), content.toByteArray());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
