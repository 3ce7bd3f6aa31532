package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.RecordedRequest;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.process.ProcessTable;

/**
 * The agent jar running the real, pinned Claude Code CLI against the WireMock stand-in for the
 * Anthropic API, in its default sandbox: real tool calls, a real resume, real max turns, cancel,
 * and a crash; and cancel once more with the sandbox off.
 */
class AgentWithRealClaudeIT {
    private static final String RUN_ID = "AGENCY_RUN_ID";

    @TempDir
    Path dir;

    private AnthropicStandIn api;
    private RealClaudeAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        api = AnthropicStandIn.start();
        agent = RealClaudeAgent.start(dir, api);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void aBashToolCallWritesAFileInTheSessionDirectory() {
        api.enqueue(ScriptedReply.bash("echo hello > proof.txt"), ScriptedReply.text("I wrote proof.txt."));

        Task done = agent.awaitEnd(agent.client()
                .submit(agent.url(), TaskRequest.of("write proof.txt"))
                .taskId());

        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(TaskState.COMPLETED);
        assertThat(done.output()).isEqualTo("I wrote proof.txt.");
        assertThat(done.sandbox().sandboxed()).isTrue();
        assertThat(done.steps()).anySatisfy(step -> assertThat(step.tool()).isEqualTo("Bash"));
        Path sessionDir = agent.sessionDirectory(done.sessionId());
        assertThat(sessionDir.resolve("proof.txt")).hasContent("hello");
        assertThat(api.mainRequests().get(1).toolResults()).isNotEmpty();
    }

    @Test
    void aFollowUpTaskResumesTheConversation() {
        api.enqueue(ScriptedReply.text("Noted: PINEAPPLE."), ScriptedReply.text("The word was PINEAPPLE."));
        TaskCreated first = agent.client().submit(agent.url(), TaskRequest.of("Remember the word PINEAPPLE."));
        agent.awaitEnd(first.taskId());

        Task second = agent.awaitEnd(agent.client()
                .submit(
                        agent.url(),
                        new TaskRequest(
                                "Which word did I ask you to remember?",
                                first.sessionId(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .taskId());

        assertThat(second.state()).isEqualTo(TaskState.COMPLETED);
        RecordedRequest resumed = api.mainRequests().get(api.mainRequests().size() - 1);
        assertThat(resumed.userTexts()).anySatisfy(text -> assertThat(text).contains("Remember the word PINEAPPLE."));
    }

    @Test
    void exhaustedTurnsResumeTwiceThenFail() {
        for (int i = 0; i < 10; i++) {
            api.enqueue(ScriptedReply.bash("echo turn " + i + " >> turns.txt"));
        }

        Task done = agent.awaitEnd(agent.client()
                .submit(agent.url(), new TaskRequest("keep going", null, null, null, null, 1, null, null, null))
                .taskId());

        assertThat(done.state()).isEqualTo(TaskState.FAILED);
        assertThat(done.error().type()).isEqualTo(TaskErrorType.MAX_TURNS);
        assertThat(done.attempts()).isEqualTo(3);
    }

    @Test
    void cancelDuringALongBashCommandInTheSandboxLeavesNoProcess() {
        cancelDuringALongBashCommandLeavesNoProcess(agent);
    }

    @Test
    void cancelDuringALongBashCommandWithTheSandboxOffLeavesNoProcess() throws Exception {
        agent.close();
        agent = null;
        try (RealClaudeAgent unsandboxed =
                RealClaudeAgent.start(Files.createDirectories(dir.resolve("off")), api, "--sandbox", "off")) {
            Task cancelled = cancelDuringALongBashCommandLeavesNoProcess(unsandboxed);
            assertThat(cancelled.sandbox().sandboxed()).isFalse();
        }
    }

    private Task cancelDuringALongBashCommandLeavesNoProcess(RealClaudeAgent agent) {
        String marker = "sleep-marker-" + UUID.randomUUID();
        api.enqueue(ScriptedReply.bash("touch " + marker + " && tail -f /dev/null"), ScriptedReply.text("never"));
        TaskCreated created = agent.client().submit(agent.url(), TaskRequest.of("sleep"));
        Path markerFile = agent.sessionDirectory(created.sessionId()).resolve(marker);
        Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(markerFile));
        List<ProcessHandle> tree = commandTree(marker);
        assertThat(tree).isNotEmpty();
        String runId = runIdOf(tree);

        Task cancelled = agent.client().cancel(agent.url(), created.taskId());

        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tree).noneMatch(ProcessTable::isRunning);
        assertThat(ProcessTable.runningWithEnvironment(RUN_ID, runId)).isEmpty();
        return cancelled;
    }

    @Test
    void killingTheAgentMidTaskRecordsItInterruptedAndNothingOfItSurvives() throws Exception {
        String marker = "crash-marker-" + UUID.randomUUID();
        api.enqueue(ScriptedReply.bash("touch " + marker + " && tail -f /dev/null"), ScriptedReply.text("never"));
        TaskCreated created = agent.client().submit(agent.url(), TaskRequest.of("sleep"));
        Path markerFile = agent.sessionDirectory(created.sessionId()).resolve(marker);
        Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(markerFile));
        List<ProcessHandle> tree = commandTree(marker);
        assertThat(tree).isNotEmpty();
        String runId = runIdOf(tree);

        // Inside the sandbox the run dies with the agent (--die-with-parent); the next start would
        // end whatever was left (see AgentLifecycleIT for a run outside the sandbox).
        agent.process().kill9();
        agent.restart();

        Task task = agent.client().task(agent.url(), created.taskId());
        assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
        Deadline.after(Duration.ofSeconds(20))
                .await(
                        "nothing of the run to be left",
                        () -> tree.stream().noneMatch(ProcessTable::isRunning)
                                && ProcessTable.runningWithEnvironment(RUN_ID, runId)
                                        .isEmpty());
    }

    @Test
    void killingAnUnsandboxedAgentMidTaskLeavesTheCliRunningUntilTheNextStartEndsIt() throws Exception {
        agent.close();
        agent = null;
        try (RealClaudeAgent unsandboxed =
                RealClaudeAgent.start(Files.createDirectories(dir.resolve("off")), api, "--sandbox", "off")) {
            String marker = "crash-marker-" + UUID.randomUUID();
            api.enqueue(ScriptedReply.bash("touch " + marker + " && tail -f /dev/null"), ScriptedReply.text("never"));
            TaskCreated created = unsandboxed.client().submit(unsandboxed.url(), TaskRequest.of("sleep"));
            Path markerFile = unsandboxed.sessionDirectory(created.sessionId()).resolve(marker);
            Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(markerFile));
            List<ProcessHandle> tree = commandTree(marker);
            String runId = runIdOf(tree);

            unsandboxed.process().kill9();

            // Without a sandbox nothing dies with the agent: the CLI and its Bash command outlive it...
            assertThat(ProcessTable.runningWithEnvironment(RUN_ID, runId)).isNotEmpty();
            assertThat(tree).anyMatch(ProcessTable::isRunning);

            unsandboxed.restart();

            // ...until the next start finds the run's process group and ends it.
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "the next start to end what the run left",
                            () -> tree.stream().noneMatch(ProcessTable::isRunning)
                                    && ProcessTable.runningWithEnvironment(RUN_ID, runId)
                                            .isEmpty());
            Task task = unsandboxed.client().task(unsandboxed.url(), created.taskId());
            assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(task.sandbox().sandboxed()).isFalse();
            // The steps come back from the stream the agent wrote while the task ran.
            assertThat(task.steps()).anySatisfy(step -> assertThat(step.tool()).isEqualTo("Bash"));
            assertThat(unsandboxed
                            .client()
                            .get(unsandboxed.url(), "/history/" + created.taskId() + "/debug", JsonNode.class)
                            .toString())
                    .contains(marker);
        }
    }

    /**
     * The shell running "touch MARKER && tail -f /dev/null" (its command line names the marker) and
     * all its descendants, so that a command reparented away from a killed shell is still checked.
     */
    private static List<ProcessHandle> commandTree(String marker) {
        List<ProcessHandle> shells = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(ProcessTable::isRunning)
                .toList();
        List<ProcessHandle> tree = new ArrayList<>(shells);
        shells.forEach(shell -> shell.descendants().forEach(tree::add));
        return tree;
    }

    /** The agent's run id, which every process of the run carries in its environment. */
    private static String runIdOf(List<ProcessHandle> tree) {
        return tree.stream()
                .map(process -> ProcessTable.environmentValue(process, RUN_ID))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process of the command carries " + RUN_ID));
    }
}
