package uk.org.phobos.agency.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.EndReason;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.claude.RunHandle;
import uk.org.phobos.agency.agent.claude.RunSpec;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.agent.task.RunnerSettings;
import uk.org.phobos.agency.agent.task.TaskRunner;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.agent.AgentSandboxSettings;
import uk.org.phobos.agency.sandbox.bwrap.BubblewrapLauncher;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.detect.SandboxDetector;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.process.ProcessTable;

/**
 * How sandboxed runs live and die, with real bwrap: the task runner starts runs from a thread that
 * outlives them (bwrap's {@code --die-with-parent} follows the thread that started it), and a
 * sandboxed run left by an agent that died is ended by crash recovery.
 */
class SandboxedRunsIT {
    private static final String RUN_ID = ProcessIdentity.RUN_ID_VARIABLE;

    @TempDir
    Path dir;

    /**
     * The submitting thread ends while the run goes on. Had the run been started from that thread,
     * bwrap would die with it (agency-sandbox's {@code BubblewrapSandboxIT} pins that behaviour): the
     * thread waits until the fake CLI runs inside the sandbox, so that bwrap has armed its death
     * signal, and only then ends.
     */
    @Test
    void theTaskRunnerStartsRunsFromAThreadThatOutlivesThem() throws Exception {
        FakeClaude claude = FakeClaude.builder()
                .run(FakeRun.create().init().sleep(Duration.ofSeconds(2)).success("outlived"))
                .writeTo(dir.resolve("fake"));
        Path agencyRoot = Files.createDirectories(dir.resolve("agency"));
        Path sessions = Files.createDirectories(agencyRoot.resolve("agent/sessions"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("IS_SANDBOX");
        Detection detection = SandboxDetector.forThisMachine().detect(env);
        AgentPolicyFactory policies =
                new AgentPolicyFactory(AgentSandboxSettings.fromEnvironment(env, agencyRoot, claude.executable())
                        .withExtras(List.of(), List.of(Files.createDirectories(claude.recordsDirectory())), List.of()));
        TaskSandboxing sandboxing = new TaskSandboxing(
                SandboxMode.REQUIRED, detection, policies, new SandboxProbe(), new UnixSystem().getUid() == 0);
        sandboxing.probe(sessions.resolve(".sandbox-probe"), env);
        assertThat(sandboxing.status().ready()).as(sandboxing.status().reason()).isTrue();
        var mapper = AgencyJson.newMapper();
        try (TaskRunner runner = new TaskRunner(
                new RunnerSettings(
                        claude.executable().toString(),
                        "sonnet",
                        List.of("sonnet"),
                        10,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(5),
                        2),
                new ProcessLauncher(),
                HistoryStore.open(agencyRoot.resolve("agent/history"), mapper, 100, 20),
                SessionStore.open(sessions, agencyRoot.resolve("agent/sessions.jsonl"), mapper),
                new RunningTaskMarker(agencyRoot.resolve("agent/running.json"), mapper),
                () -> "instructions",
                new ChildEnvironment(Set.of(), Set.of()),
                env,
                sandboxing,
                Clock.systemUTC())) {
            AtomicReference<String> taskId = new AtomicReference<>();
            Thread submitter = new Thread(
                    () -> {
                        taskId.set(runner.submit(TaskRequest.of("x")).taskId());
                        Deadline.after(Duration.ofSeconds(20))
                                .await(
                                        "the CLI to run",
                                        () -> !claude.invocations().isEmpty());
                    },
                    "short-lived-submitter");
            submitter.start();
            submitter.join();

            Task[] last = new Task[1];
            Deadline.after(Duration.ofSeconds(30)).await("the task to end", () -> {
                last[0] = runner.task(taskId.get()).orElseThrow();
                return last[0].state().isTerminal();
            });
            assertThat(last[0].state()).as(String.valueOf(last[0].error())).isEqualTo(TaskState.COMPLETED);
            assertThat(last[0].output()).isEqualTo("outlived");
            assertThat(last[0].sandbox().sandboxed()).isTrue();
        }
    }

    @Test
    void crashRecoveryEndsASandboxedRunLeftBehind() throws Exception {
        Path session = Files.createDirectories(dir.resolve("session"));
        SandboxPolicy policy = SandboxPolicy.builder()
                .readOnly(Path.of("/"))
                .readWrite(session)
                .scratch(Path.of("/tmp"))
                .build();
        SandboxPlan plan = new SandboxPlan.Sandboxed(bwrap(), policy);
        RunSpec spec = plan.apply(new RunSpec(
                List.of("/bin/sh", "-c", "setsid sleep 300 & sleep 300 & wait"),
                session,
                System.getenv(),
                Duration.ofMinutes(5)));
        ProcessLauncher first = new ProcessLauncher(Duration.ofMillis(500));
        RunHandle run = first.start(spec, line -> {});
        ProcessIdentity left = run.process();
        try {
            Deadline.after(Duration.ofSeconds(10))
                    .await(
                            "both sleeps to run inside the sandbox",
                            () -> ProcessTable.runningWithEnvironment(RUN_ID, left.runId())
                                            .size()
                                    >= 5); // bwrap outside and inside, sh, two sleeps

            // As the next start of an agent that died would: a launcher that never saw the run.
            boolean found = new ProcessLauncher(Duration.ofMillis(500)).endLeftover(left);

            assertThat(found).isTrue();
            Deadline.after(Duration.ofSeconds(10))
                    .await(
                            "nothing of the run to be left",
                            () -> ProcessTable.runningWithEnvironment(RUN_ID, left.runId())
                                    .isEmpty());
            assertThat(run.await(Duration.ofSeconds(10))).isPresent();
        } finally {
            run.stop(EndReason.CANCELLED);
        }
    }

    private static BubblewrapLauncher bwrap() {
        Detection detection = SandboxDetector.forThisMachine().detect(System.getenv());
        return detection
                .launcher()
                .filter(BubblewrapLauncher.class::isInstance)
                .map(BubblewrapLauncher.class::cast)
                .orElseThrow(() -> new AssertionError(
                        "These tests need bubblewrap: " + detection.reason() + " (./build.sh setup installs it)"));
    }
}
