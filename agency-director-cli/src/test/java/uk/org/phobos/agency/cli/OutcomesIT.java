package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/**
 * Failed, busy, cancelled and shut-down outcomes and their exit codes. The agent's fake CLI fails its first
 * task with an API error and hangs in every later one, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutcomesIT {
    @TempDir
    static Path dir;

    static AgentFixture fixture;
    static String hangingTask;

    @BeforeAll
    static void start() throws Exception {
        fixture = AgentFixture.start(
                dir,
                FakeRun.create().init().apiError(400, "invalid_request_error"),
                FakeRun.create().init().text("Working on it.").hang());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void aFailingTaskExitsOneAndSaysWhy() {
        CliResult result = fixture.cli().run("task", "this fails", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("✗ failed: api_error").contains("invalid_request_error");
    }

    @Test
    @Order(2)
    void aBusyAgentExitsFourAndSaysWhatToDo() {
        hangingTask = fixture.cli().run("task", "this hangs").out().strip();
        fixture.awaitState("working");

        CliResult named =
                fixture.cli().run("task", "another", "--agent", fixture.url().toString(), "--wait");
        CliResult anyIdle = fixture.cli().run("task", "another", "--wait");

        assertThat(named.exitCode()).as(named.toString()).isEqualTo(4);
        assertThat(named.err())
                .contains(fixture.url() + " is busy with task " + hangingTask)
                .contains("ag cancel");
        assertThat(named.err().lines()).hasSize(1);
        assertThat(anyIdle.exitCode()).as(anyIdle.toString()).isEqualTo(4);
        assertThat(anyIdle.err()).contains("No idle agent").contains("task " + hangingTask);
    }

    @Test
    @Order(3)
    void discoverShowsTheRunningTask() {
        CliResult result = fixture.cli().run("discover");

        assertThat(result.out()).contains("working").contains(hangingTask);
    }

    @Test
    @Order(4)
    void showAndCancelFindTheRunningTaskWithoutBeingToldTheAgent() {
        CliResult show = fixture.cli().run("show", hangingTask);
        CliResult cancel = fixture.cli().run("cancel", hangingTask);

        assertThat(show.out()).contains("working").contains("this hangs");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("task " + hangingTask + " cancelled");
        assertThat(fixture.awaitEnd(hangingTask).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    @Order(5)
    void followingATaskThatGetsCancelledExitsOne() throws Exception {
        CliResult[] result = new CliResult[1];
        Thread follower = new Thread(() -> result[0] = fixture.cli().run("task", "hang again", "--follow"));
        follower.start();
        fixture.awaitState("working");
        Map<?, ?> current =
                (Map<?, ?>) fixture.client.status(fixture.url()).details().get("current_task");
        String taskId = String.valueOf(current.get("task_id"));
        // Cancel only once the text is out, or the follower could rightly see a task cancelled before it wrote.
        fixture.client.streamEvents(
                fixture.url(), taskId, null, event -> !event.data().contains("Working on it."));
        assertThat(fixture.cli().run("cancel", taskId).exitCode()).isZero();
        follower.join(Duration.ofSeconds(30).toMillis());

        assertThat(result[0].exitCode()).as(String.valueOf(result[0])).isEqualTo(1);
        assertThat(result[0].out()).contains("Working on it.").contains("✗ cancelled");
    }

    @Test
    @Order(6)
    void timeoutAndMaxTurnsReachTheAgent() {
        CliResult result = fixture.cli().run("task", "too slow", "--timeout", "2s", "--max-turns", "3", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("✗ failed: timeout");
        List<FakeInvocation> runs = fixture.claude.invocations();
        FakeInvocation last = runs.get(runs.size() - 1);
        assertThat(last.prompt()).contains("too slow");
        assertThat(last.option("--max-turns")).contains("3");
        String taskId =
                fixture.client.history(fixture.url(), 1, 1).entries().get(0).taskId();
        Task task = fixture.client.task(fixture.url(), taskId);
        assertThat(task.prompt()).isEqualTo("too slow");
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error().type()).isEqualTo(TaskErrorType.TIMEOUT);
        // the agent's own limit is 30 minutes: this is the task's
        assertThat(task.durationSeconds()).isBetween(1.5, 60.0);
    }

    @Test
    @Order(7)
    void fleetShutdownStopsEveryComponent() {
        CliResult result = fixture.cli().run("fleet", "shutdown", "--force");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("agent-" + fixture.port())
                .contains(fixture.url().toString());
        assertThat(fixture.agent.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(fixture.cli().run("fleet", "shutdown").exitCode()).isEqualTo(3);
    }
}
