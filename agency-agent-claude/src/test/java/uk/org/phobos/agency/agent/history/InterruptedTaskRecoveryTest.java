package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
}
