package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.terminal.PseudoTerminal;

/** {@code ag} alone on a (pseudo-)terminal: prompts in one session, streamed, Ctrl-C cancels, Ctrl-D leaves. */
class ReplIT {
    @TempDir
    Path dir;

    private AgentFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = AgentFixture.start(
                dir,
                FakeRun.create().init().success("First answer."),
                FakeRun.create().init().success("Second answer."),
                FakeRun.create().init().text("Thinking hard.").hang());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void twoPromptsGoToOneSessionThenCtrlCCancelsAndCtrlDLeaves() throws Exception {
        try (PseudoTerminal terminal = PseudoTerminal.start(
                CliJar.command(List.of()),
                Map.of(
                        "AGENCY_ROOT",
                        fixture.root.toString(),
                        GlobalOptions.ENV_DISCOVERY_RANGE,
                        fixture.port() + "-" + fixture.port(),
                        "HOME",
                        dir.toString()))) {
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
            terminal.type("\u0003");
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
}
