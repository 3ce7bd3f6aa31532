package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.terminal.PseudoTerminal;

/** {@code ag} alone on a (pseudo-)terminal: prompts in one session, streamed, Ctrl-C cancels, Ctrl-D leaves. */
class ReplIT {
    private static final String CTRL_C = "\u0003";

    @TempDir
    Path dir;

    private AgentFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void twoPromptsGoToOneSessionThenCtrlCCancelsAndCtrlDLeaves() throws Exception {
        fixture = AgentFixture.start(
                dir,
                FakeRun.create().init().success("First answer."),
                FakeRun.create().init().success("Second answer."),
                FakeRun.create().init().text("Thinking hard.").hang());
        try (PseudoTerminal terminal = repl()) {
            terminal.awaitCount("ag> ", 1);

            terminal.type("remember the word PINEAPPLE\r");
            terminal.awaitCount("✓ completed", 1);
            terminal.type("which word was it?\r");
            terminal.awaitCount("✓ completed", 2);

            List<FakeInvocation> runs = fixture.claude.invocations();
            assertThat(runs).hasSize(2);
            String session = runs.get(0).option("--session-id").orElseThrow();
            assertThat(runs.get(1).option("--resume")).contains(session);
            assertThat(runs.get(1).prompt()).contains("which word was it?");
            assertThat(terminal.text()).contains("First answer.").contains("Second answer.");

            terminal.type("now hang\r");
            terminal.awaitCount("Thinking hard.", 1);
            terminal.type(CTRL_C);
            terminal.awaitCount("✗ cancelled", 1);
            assertThat(terminal.text()).contains("cancelling task");
            assertThat(fixture.claude.invocations()).hasSize(3);
            String hung =
                    fixture.client.history(fixture.url(), 1, 1).entries().get(0).taskId();
            assertThat(fixture.awaitEnd(hung).state()).isEqualTo(TaskState.CANCELLED);

            terminal.awaitCount("ag> ", 4);
            terminal.type("\u0004");
            assertThat(terminal.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    /**
     * The agent is paused (SIGSTOP) between the two Ctrl-Cs, so that the task surely still runs when the second one
     * comes, and the first one's cancel has surely not been answered: the REPL leaves only once it has.
     */
    @Test
    void aSecondCtrlCWhileATaskRunsLeavesWith130AndTheTaskIsCancelled() throws Exception {
        fixture = AgentFixture.start(
                dir, FakeRun.create().init().text("Thinking hard.").hang());
        try (PseudoTerminal terminal = repl()) {
            terminal.awaitCount("ag> ", 1);
            terminal.type("take your time\r");
            terminal.awaitCount("Thinking hard.", 1);
            String taskId = String.valueOf(
                    ((Map<?, ?>) fixture.client.status(fixture.url()).details().get("current_task")).get("task_id"));

            signal("STOP", fixture.agent.process().pid());
            try {
                terminal.type(CTRL_C);
                terminal.awaitCount("cancelling task " + taskId, 1);
                terminal.type(CTRL_C);
                terminal.awaitCount("has answered the cancel of task " + taskId, 1);
            } finally {
                signal("CONT", fixture.agent.process().pid());
            }

            assertThat(terminal.awaitExit(Duration.ofSeconds(30)))
                    .as(terminal.text())
                    .isEqualTo(130);
            assertThat(terminal.text()).contains("ag: leaving; task " + taskId + " is cancelled");
            assertThat(fixture.awaitEnd(taskId).state()).isEqualTo(TaskState.CANCELLED);
        }
    }

    @Test
    void ctrlCClearsATypedLineAndLeavesWith130OnAnEmptyOne() throws Exception {
        fixture = AgentFixture.start(dir, FakeRun.create().init().success("Never asked."));
        try (PseudoTerminal terminal = repl()) {
            terminal.awaitCount("ag> ", 1);
            terminal.type("half a thought");
            terminal.awaitCount("half a thought", 1);

            terminal.type(CTRL_C);
            terminal.awaitCount("ag> ", 2);
            terminal.type(CTRL_C);

            assertThat(terminal.awaitExit(Duration.ofSeconds(30)))
                    .as(terminal.text())
                    .isEqualTo(130);
            assertThat(fixture.claude.invocations()).isEmpty();
        }
    }

    private PseudoTerminal repl() throws IOException {
        return PseudoTerminal.start(
                CliJar.command(List.of()),
                Map.of(
                        "AGENCY_ROOT",
                        fixture.root.toString(),
                        GlobalOptions.ENV_DISCOVERY_RANGE,
                        fixture.port() + "-" + fixture.port(),
                        "HOME",
                        dir.toString()));
    }

    /** {@code kill -SIG pid}: the JDK cannot stop or continue a process. */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor())
                .as(new String(kill.getInputStream().readAllBytes()))
                .isZero();
    }
}
