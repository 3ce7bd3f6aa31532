package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.RecordedRequest;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.terminal.PseudoTerminal;

/**
 * {@code ag} as a process against the agent running the real, pinned Claude Code CLI, which talks to the
 * WireMock stand-in for the Anthropic API: answers, tool calls, failures, a busy agent, an unreachable one,
 * and the REPL on a pseudo-terminal resuming one conversation.
 */
class CliWithRealClaudeIT {
    @TempDir
    Path dir;

    private AnthropicStandIn api;
    private Path root;
    private RealClaudeAgent agent;
    private AgencyClient client;

    @BeforeEach
    void setUp() throws Exception {
        api = AnthropicStandIn.start();
        agent = RealClaudeAgent.start(dir, api);
        root = agent.agencyRoot();
        client = agent.client();
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void taskWaitPrintsTheModelsAnswer() throws IOException {
        api.enqueue(ScriptedReply.text("The answer is 42."));

        Exit exit = ag("task", "What is the answer?", "--wait");

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out()).isEqualTo("The answer is 42.\n");
        assertThat(api.mainRequests().get(0).userTexts())
                .anySatisfy(text -> assertThat(text).contains("What is the answer?"));
    }

    @Test
    void followShowsTheToolCallAsItHappens() throws IOException {
        api.enqueue(ScriptedReply.bash("echo hello > proof.txt"), ScriptedReply.text("I wrote proof.txt."));

        Exit exit = ag("task", "write proof.txt", "--follow");

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out())
                .contains("→ Bash  echo hello > proof.txt")
                .contains("I wrote proof.txt.")
                .contains("✓ completed");
        assertThat(exit.out().indexOf("→ Bash")).isLessThan(exit.out().indexOf("I wrote proof.txt."));
    }

    @Test
    void aFailingTaskExitsOne() throws IOException {
        api.enqueue(ScriptedReply.apiError(400, "invalid_request_error", "prompt is too long"));

        Exit exit = ag("task", "this will fail", "--wait");

        assertThat(exit.code()).as(exit.out() + exit.err()).isEqualTo(1);
        assertThat(exit.err()).contains("✗ failed: api_error");
    }

    @Test
    void aBusyAgentExitsFourAndCancelStopsItsTask() throws IOException {
        // A relative marker: the command runs in the session directory, which the sandbox shares
        // with the host (its /tmp is private).
        String markerName = "busy-marker-" + java.util.UUID.randomUUID();
        api.enqueue(ScriptedReply.bash("touch " + markerName + " && tail -f /dev/null"), ScriptedReply.text("never"));
        Exit started = ag("task", "keep busy");
        String taskId = started.out().strip();
        Path marker = agent.sessionDirectory(client.task(agent.url(), taskId).sessionId())
                .resolve(markerName);
        Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(marker));

        Exit busy = ag("task", "another", "--agent", agent.url().toString(), "--wait");
        Exit cancel = ag("cancel", taskId);

        assertThat(busy.code()).as(busy.err()).isEqualTo(4);
        assertThat(busy.err()).contains("is busy with task " + taskId);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        Task task = client.task(agent.url(), taskId);
        assertThat(task.state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void anUnreachableAgentExitsThree() throws IOException {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it

        Exit exit = ag("task", "hello", "--agent", "https://127.0.0.1:" + closed, "--wait");

        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.err()).startsWith("ag: cannot reach https://127.0.0.1:" + closed);
    }

    @Test
    void theReplRunsTwoPromptsInOneSession() throws Exception {
        api.enqueue(ScriptedReply.text("Noted: PINEAPPLE."), ScriptedReply.text("The word was PINEAPPLE."));

        try (PseudoTerminal terminal = PseudoTerminal.start(java(), environment())) {
            terminal.awaitCount("ag> ", 1);
            terminal.type("Remember the word PINEAPPLE.\r");
            terminal.awaitCount("✓ completed", 1);
            terminal.awaitCount("ag> ", 2);
            terminal.type("Which word did I ask you to remember?\r");
            terminal.awaitCount("✓ completed", 2);
            // Ctrl-D only once the prompt reads again: typed ahead on the cooked terminal, the line
            // discipline turns it into an end-of-file that the line editor's raw mode never sees.
            terminal.awaitCount("ag> ", 3);
            terminal.type("\u0004");

            assertThat(terminal.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(terminal.text()).contains("Noted: PINEAPPLE.").contains("The word was PINEAPPLE.");
        }
        RecordedRequest second = api.mainRequests().get(api.mainRequests().size() - 1);
        assertThat(second.userTexts())
                .anySatisfy(text -> assertThat(text).contains("Remember the word PINEAPPLE."))
                .anySatisfy(text -> assertThat(text).contains("Which word did I ask you to remember?"));
        List<Task> tasks = client.history(agent.url(), 1, 10).entries();
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).sessionId()).isEqualTo(tasks.get(1).sessionId());
    }

    private Exit ag(String... args) throws IOException {
        List<String> command = java();
        command.addAll(List.of(args));
        ProcessLauncher launcher = ProcessLauncher.command(command);
        environment().forEach(launcher::env);
        try (LaunchedProcess process = launcher.start()) {
            int code = process.awaitExit(Duration.ofSeconds(180));
            process.stdout().awaitClosed(Duration.ofSeconds(10));
            process.stderr().awaitClosed(Duration.ofSeconds(10));
            return new Exit(code, process.stdout().text(), process.stderr().text());
        }
    }

    private List<String> java() {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                ServiceJar.CLI.path().toString()));
    }

    private Map<String, String> environment() {
        int port = agent.url().getPort();
        return Map.of("AGENCY_ROOT", root.toString(), "AGENCY_DISCOVERY_RANGE", port + "-" + port);
    }

    private record Exit(int code, String out, String err) {}
}
