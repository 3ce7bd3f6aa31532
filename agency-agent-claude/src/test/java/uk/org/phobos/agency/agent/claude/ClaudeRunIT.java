package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.claude.ClaudeCli;
import uk.org.phobos.agency.testkit.claude.ClaudeCliEnvironment;
import uk.org.phobos.agency.testkit.process.ProcessTable;

/**
 * The runner with the real, pinned Claude Code CLI against the Anthropic stand-in: command line,
 * environment, supervision, parsing and outcome rules together, as a task runner uses them.
 */
class ClaudeRunIT {
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String INSTRUCTIONS = "You are an Agency test agent. Be brief.";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STALL = Duration.ofSeconds(60);
    // The variables ClaudeCliEnvironment sets for running offline: an agent would configure these as kept.
    private static final Set<String> KEEP =
            Set.of("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "CLAUDE_CODE_TMPDIR", "CLAUDE_CODE_MAX_RETRIES");

    private static ClaudeCli cli;

    @TempDir
    Path temp;

    private final ProcessLauncher launcher = new ProcessLauncher(Duration.ofSeconds(1));
    private final StreamJsonParser parser = new StreamJsonParser();
    private final OutcomeRules rules = new OutcomeRules();
    private final List<RunHandle> started = new ArrayList<>();
    private AnthropicStandIn api;
    private Path session;
    private Path home;

    @BeforeAll
    static void locateCli() {
        cli = ClaudeCli.locate();
    }

    @BeforeEach
    void start() throws IOException {
        api = AnthropicStandIn.start();
        session = Files.createDirectories(temp.resolve("session"));
        home = Files.createDirectories(temp.resolve("home"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (RunHandle run : started) {
            run.stop(EndReason.CANCELLED);
            assertThat(run.await(RUN_TIMEOUT)).isPresent();
        }
        api.close();
    }

    @Test
    void aToolCallRunCompletesWithItsOutlineAndUsage() throws Exception {
        api.enqueue(ScriptedReply.bash("echo hello > proof.txt"), ScriptedReply.text("I wrote hello to proof.txt."));

        Run run = run(newSession("Write hello to proof.txt"), STALL);

        assertThat(run.outcome()).isEqualTo(new RunOutcome.Completed("I wrote hello to proof.txt."));
        assertThat(run.exit())
                .isEqualTo(new RunExit(0, EndReason.EXITED, run.exit().stderrTail()));
        assertThat(run.transcript().steps())
                .containsExactly(
                        new Step(
                                Step.TOOL_CALL,
                                "Bash",
                                "echo hello > proof.txt",
                                "(Bash completed with no output)",
                                false),
                        Step.text("I wrote hello to proof.txt."));
        StreamEvent.Result result = run.transcript().result().orElseThrow();
        assertThat(result.numTurns()).isEqualTo(2);
        assertThat(result.usage().inputTokens()).isPositive();
        assertThat(Files.readString(session.resolve("proof.txt"))).isEqualTo("hello\n");
    }

    @Test
    void aSessionResumesWithTheSameId() throws Exception {
        api.enqueue(ScriptedReply.text("Remembered."), ScriptedReply.text("The word was PINEAPPLE."));
        String sessionId = UUID.randomUUID().toString();

        Run first = run(invocation(sessionId, false, 3, "Remember the word PINEAPPLE."), STALL);
        Run resumed = run(invocation(sessionId, true, 3, "Which word did I ask you to remember?"), STALL);

        assertThat(first.outcome()).isEqualTo(new RunOutcome.Completed("Remembered."));
        assertThat(resumed.outcome()).isEqualTo(new RunOutcome.Completed("The word was PINEAPPLE."));
        assertThat(resumed.transcript().init().orElseThrow().sessionId()).isEqualTo(sessionId);
        // total_cost_usd counts the whole session; runCostUsd only this run.
        StreamEvent.Result firstResult = first.transcript().result().orElseThrow();
        StreamEvent.Result resumedResult = resumed.transcript().result().orElseThrow();
        assertThat(resumedResult.runCostUsd()).isPositive().isLessThan(resumedResult.totalCostUsd());
        assertThat(firstResult.runCostUsd() + resumedResult.runCostUsd())
                .isCloseTo(resumedResult.totalCostUsd(), within(1e-9));
        assertThat(api.mainRequests().get(1).userTexts()).contains("Remember the word PINEAPPLE.");
    }

    @Test
    void hittingMaxTurnsIsMaxTurnsNotAnError() throws Exception {
        api.enqueue(ScriptedReply.bash("echo one > turn.txt"), ScriptedReply.text("never asked for"));

        Run run = run(invocation(UUID.randomUUID().toString(), false, 1, "Write one to turn.txt"), STALL);

        assertThat(run.exit().exitCode()).isEqualTo(1);
        assertThat(run.outcome()).isEqualTo(new RunOutcome.MaxTurns("Reached maximum number of turns (1)"));
    }

    @Test
    void anApiErrorFailsWithTheClisMessage() throws Exception {
        api.enqueue(ScriptedReply.apiError(400, "invalid_request_error", "scripted failure"));

        Run run = run(newSession("Hello"), STALL);

        assertThat(run.outcome()).isInstanceOfSatisfying(RunOutcome.Failed.class, failed -> {
            assertThat(failed.type()).isEqualTo(TaskErrorType.API_ERROR);
            assertThat(failed.message()).contains("400").contains("scripted failure");
        });
    }

    @Test
    void cancellingEndsTheCliAndTheCommandItsToolRuns() throws Exception {
        // The CLI's Bash tool refuses a long "sleep"; tail -f waits just as long.
        api.enqueue(ScriptedReply.bash("tail -f /dev/null & echo $! > child.pid; wait"), ScriptedReply.text("never"));
        RecordingListener listener = new RecordingListener();
        RunHandle handle = launcher.start(spec(newSession("Sleep"), STALL), listener);
        started.add(handle);
        Path pidFile = session.resolve("child.pid");
        assertThat(Deadline.after(Duration.ofSeconds(30)).poll(() -> Files.exists(pidFile)))
                .as("the tool's command started; stdout: %s", listener.lines())
                .isTrue();
        long childPid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(childPid).filter(ProcessTable::isRunning)).isPresent();
        String childGroup =
                ProcessTable.processGroup(childPid).map(String::valueOf).orElse("?");

        // The CLI starts each Bash tool command in a session of its own: not in the CLI's group.
        assertThat(ProcessTable.processGroup(childPid))
                .isPresent()
                .isNotEqualTo(Optional.of(handle.process().pid()));

        handle.stop(EndReason.CANCELLED);
        RunExit exit = handle.await(RUN_TIMEOUT).orElseThrow();

        assertThat(exit.endedBy()).isEqualTo(EndReason.CANCELLED);
        assertThat(ProcessTable.runningMembers(handle.process().pid())).isEmpty();
        assertThat(ProcessHandle.of(childPid).filter(ProcessTable::isRunning))
                .as(
                        "the tool's sleep (process group %s, the CLI's %s)",
                        childGroup, handle.process().pid())
                .isEmpty();
    }

    @Test
    void aCliThatWaitsForABackgroundCommandAfterItsResultIsEndedWithAllItStarted() throws Exception {
        api.enqueue(
                ScriptedReply.bash("tail -f /dev/null > /dev/null 2>&1 & echo $! > child.pid"),
                ScriptedReply.toolUse(
                        "Bash",
                        Map.of(
                                "command", "tail -f /dev/null",
                                "run_in_background", true,
                                "description", "Follow nothing in the background")),
                ScriptedReply.text("Started."));
        RecordingListener listener = new RecordingListener();
        RunHandle handle = launcher.start(spec(newSession("Start two tails"), STALL), listener);
        started.add(handle);
        Deadline.after(RUN_TIMEOUT).await("the result", () -> listener.saw("\"type\":\"result\""));
        long childPid =
                Long.parseLong(Files.readString(session.resolve("child.pid")).strip());

        // The CLI does not exit while its background command runs.
        assertThat(handle.await(Duration.ofSeconds(2))).isEmpty();
        handle.exitWithin(Duration.ofMillis(500));
        RunExit exit = handle.await(RUN_TIMEOUT).orElseThrow();

        RunTranscript transcript = new RunTranscript();
        listener.lines().forEach(line -> transcript.acceptAll(parser.parse(line)));
        assertThat(exit.stoppedAfterResult()).isTrue();
        assertThat(rules.classify(transcript, exit)).isEqualTo(new RunOutcome.Completed("Started."));
        assertThat(ProcessTable.runningMembers(handle.process().pid())).isEmpty();
        assertThat(ProcessHandle.of(childPid).filter(ProcessTable::isRunning))
                .as("the orphaned command, in a session of its own")
                .isEmpty();
        assertThat(markedProcesses(handle.process())).isEmpty();
    }

    /** Running processes whose command line is the tool's, to be sure nothing slipped away. */
    private static List<ProcessHandle> markedProcesses(ProcessIdentity run) {
        return ProcessHandle.allProcesses()
                .filter(ProcessTable::isRunning)
                .filter(p -> p.info().commandLine().orElse("").contains("tail -f /dev/null"))
                .filter(p -> environ(p).contains(ProcessIdentity.RUN_ID_VARIABLE + "=" + run.runId()))
                .toList();
    }

    private static String environ(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
        } catch (IOException e) {
            return "";
        }
    }

    private ClaudeInvocation newSession(String prompt) {
        return invocation(UUID.randomUUID().toString(), false, 3, prompt);
    }

    private ClaudeInvocation invocation(String sessionId, boolean resume, int maxTurns, String prompt) {
        return new ClaudeInvocation(cli.binary().toString(), MODEL, maxTurns, sessionId, resume, INSTRUCTIONS, prompt);
    }

    private RunSpec spec(ClaudeInvocation invocation, Duration stall) {
        Map<String, String> agentEnv = ClaudeCliEnvironment.forStandIn(api.baseUrl(), home)
                .maxRetries(0)
                .put("AGENCY_TOKEN", "must-not-reach-the-cli")
                .toMap();
        Map<String, String> env = new ChildEnvironment(Set.of(), KEEP).build(agentEnv, Map.of());
        return new RunSpec(invocation.argv(), session, env, stall);
    }

    private Run run(ClaudeInvocation invocation, Duration stall) throws IOException, InterruptedException {
        RunTranscript transcript = new RunTranscript();
        RunHandle handle = launcher.start(spec(invocation, stall), new RunListener() {
            @Override
            public void line(String rawLine) {
                transcript.acceptAll(parser.parse(rawLine));
            }
        });
        started.add(handle);
        RunExit exit = handle.await(RUN_TIMEOUT).orElseThrow(() -> new AssertionError("the CLI still runs"));
        assertThat(ProcessTable.runningMembers(handle.process().pid())).isEmpty();
        return new Run(exit, transcript, rules.classify(transcript, exit));
    }

    private record Run(RunExit exit, RunTranscript transcript, RunOutcome outcome) {}
}
