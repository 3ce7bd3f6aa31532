package uk.org.phobos.agency.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;

/** A task's {@code env} is refused with a 400 before anything is created or started. */
class TaskRunnerEnvTest {
    @TempDir
    Path dir;

    private TaskRunner runner;
    private SessionStore sessions;
    private RunningTaskMarker marker;

    @BeforeEach
    void createRunner() throws Exception {
        var mapper = AgencyJson.newMapper();
        sessions = SessionStore.open(dir.resolve("sessions"), dir.resolve("sessions.jsonl"), mapper);
        marker = new RunningTaskMarker(dir.resolve("running.json"), mapper);
        RunnerSettings settings = new RunnerSettings(
                "/nonexistent/claude",
                "sonnet",
                List.of("sonnet"),
                10,
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                0);
        runner = new TaskRunner(
                settings,
                new ProcessLauncher(),
                HistoryStore.open(dir.resolve("history"), mapper, 10, 10),
                sessions,
                marker,
                () -> "instructions",
                new ChildEnvironment(Set.of(), Set.of()),
                Map.of("PATH", "/usr/bin:/bin", "HOME", dir.resolve("home").toString()),
                new TaskSandboxing(SandboxMode.OFF, Detection.none("not wanted"), null, new SandboxProbe(), false),
                Clock.systemUTC());
    }

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    @Test
    void aTaskThatSetsHomeOrTheClaudeConfigFolderIsRefusedWithA400ThatSaysWhy() throws Exception {
        for (String key : List.of("HOME", "CLAUDE_CONFIG_DIR")) {
            ApiException refused = catchThrowableOfType(
                    ApiException.class, () -> runner.submit(request(Map.of("FOO", "1", key, "/tmp/elsewhere"))));

            assertThat(refused).as(key).isNotNull();
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(refused.error().message())
                    .startsWith("env: " + key + " may not be set by a task: ")
                    .contains("--resume");
        }
        assertThat(runner.state()).isEqualTo("idle");
        assertThat(sessions.newestFirst()).isEmpty();
        assertThat(marker.read()).isEmpty();
    }

    private static TaskRequest request(Map<String, String> env) {
        return new TaskRequest("say hi", null, null, null, null, null, env, null, null);
    }
}
