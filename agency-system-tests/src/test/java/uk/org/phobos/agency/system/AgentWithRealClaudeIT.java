package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.RecordedRequest;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.ProcessTable;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * The agent jar running the real, pinned Claude Code CLI against the WireMock stand-in for the
 * Anthropic API: real tool calls, a real resume, real max turns, cancel, and a crash.
 */
class AgentWithRealClaudeIT {
    @TempDir
    Path dir;

    private AnthropicStandIn api;
    private Path root;
    private int port;
    private ServiceProcess agent;
    private AgencyClient client;

    @BeforeEach
    void setUp() throws Exception {
        api = AnthropicStandIn.start();
        root = Files.createDirectories(dir.resolve("agency"));
        port = new FreePorts().pick();
        agent = startAgent();
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    private ServiceProcess startAgent() throws Exception {
        ServiceProcess started = RealClaudeAgent.start(dir, root, port, api);
        client = started.client();
        return started;
    }

    @Test
    void aBashToolCallWritesAFileInTheSessionDirectory() {
        api.enqueue(ScriptedReply.bash("echo hello > proof.txt"), ScriptedReply.text("I wrote proof.txt."));

        Task done = awaitEnd(
                client.submit(agent.url(), TaskRequest.of("write proof.txt")).taskId());

        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(TaskState.COMPLETED);
        assertThat(done.output()).isEqualTo("I wrote proof.txt.");
        assertThat(done.steps()).anySatisfy(step -> assertThat(step.tool()).isEqualTo("Bash"));
        Path sessionDir = sessionDirectory(done.sessionId());
        assertThat(sessionDir.resolve("proof.txt")).hasContent("hello");
        assertThat(api.mainRequests().get(1).toolResults()).isNotEmpty();
    }

    @Test
    void aFollowUpTaskResumesTheConversation() {
        api.enqueue(ScriptedReply.text("Noted: PINEAPPLE."), ScriptedReply.text("The word was PINEAPPLE."));
        TaskCreated first = client.submit(agent.url(), TaskRequest.of("Remember the word PINEAPPLE."));
        awaitEnd(first.taskId());

        Task second = awaitEnd(client.submit(
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

        Task done = awaitEnd(
                client.submit(agent.url(), new TaskRequest("keep going", null, null, null, null, 1, null, null, null))
                        .taskId());

        assertThat(done.state()).isEqualTo(TaskState.FAILED);
        assertThat(done.error().type()).isEqualTo(TaskErrorType.MAX_TURNS);
        assertThat(done.attempts()).isEqualTo(3);
    }

    @Test
    void cancelDuringALongBashCommandEndsIt() throws Exception {
        Path marker = dir.resolve("sleep-marker");
        api.enqueue(ScriptedReply.bash("touch " + marker + " && tail -f /dev/null"), ScriptedReply.text("never"));
        String id = client.submit(agent.url(), TaskRequest.of("sleep")).taskId();
        Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(marker));
        List<ProcessHandle> tree = commandTree(marker);
        assertThat(tree).isNotEmpty();

        Task cancelled = client.cancel(agent.url(), id);

        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tree).noneMatch(ProcessTable::isRunning);
    }

    @Test
    void killingTheAgentMidTaskRecordsItInterruptedAfterRestart() throws Exception {
        Path marker = dir.resolve("crash-marker");
        api.enqueue(ScriptedReply.bash("touch " + marker + " && tail -f /dev/null"), ScriptedReply.text("never"));
        String id = client.submit(agent.url(), TaskRequest.of("sleep")).taskId();
        Deadline.after(Duration.ofSeconds(60)).await("the Bash command to start", () -> Files.exists(marker));

        List<ProcessHandle> tree = commandTree(marker);
        agent.kill9();
        assertThat(tree).isNotEmpty().allMatch(ProcessTable::isRunning);
        agent = startAgent();

        Task task = client.task(agent.url(), id);
        assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
        Deadline.after(Duration.ofSeconds(20))
                .await("the orphaned command to be ended", () -> tree.stream().noneMatch(ProcessTable::isRunning));
    }

    private Task awaitEnd(String taskId) {
        Task[] last = new Task[1];
        Deadline.after(Duration.ofSeconds(120)).await("task " + taskId + " to end", () -> {
            last[0] = client.task(agent.url(), taskId);
            return last[0].state().isTerminal();
        });
        return last[0];
    }

    private Path sessionDirectory(String sessionId) {
        Map<?, ?> status = client.get(agent.url(), "/status", Map.class);
        Map<?, ?> shown = (Map<?, ?>) status.get("config");
        return Path.of((String) shown.get("session_root")).resolve(sessionId);
    }

    /**
     * The shell running "touch MARKER && tail -f /dev/null" (its command line names the marker) and all its
     * descendants, so that a sleep reparented away from a killed shell is still checked.
     */
    private static List<ProcessHandle> commandTree(Path marker) {
        List<ProcessHandle> shells = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(marker.toString()))
                        .orElse(false))
                .filter(ProcessTable::isRunning)
                .toList();
        List<ProcessHandle> tree = new java.util.ArrayList<>(shells);
        shells.forEach(shell -> shell.descendants().forEach(tree::add));
        return tree;
    }
}
