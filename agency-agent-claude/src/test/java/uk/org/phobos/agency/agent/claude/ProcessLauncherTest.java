package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.process.ProcessTable;

class ProcessLauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration STALL = Duration.ofSeconds(60);

    private final ProcessLauncher launcher = new ProcessLauncher(Duration.ofMillis(500));
    private final List<RunHandle> started = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @TempDir
    Path temp;

    private Path session;

    @BeforeEach
    void createSession() throws IOException {
        session = Files.createDirectories(temp.resolve("session"));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (RunHandle run : started) {
            run.stop(EndReason.CANCELLED);
            assertThat(run.await(WAIT)).as("run %s ended", run.process().pid()).isPresent();
            assertThat(ProcessTable.runningMembers(run.process().pid())).isEmpty();
        }
    }

    @Test
    void aNormalRunDeliversEveryLineThenReportsItsExitCode() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().text("working").success("done"));

        RunHandle run = start(fake, STALL);
        RunExit exit = run.await(WAIT).orElseThrow();

        assertThat(exit).isEqualTo(new RunExit(0, EndReason.EXITED, ""));
        assertThat(listener.lines()).hasSize(3);
        assertThat(listener.lines().get(2)).contains("\"type\":\"result\"");
        assertThat(listener.calls()).containsExactly("started", "line", "line", "line");
    }

    @Test
    void aFailingRunReportsItsExitCodeAndTheTailOfStderr() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().stderr("something broke").exit(7));

        RunExit exit = start(fake, STALL).await(WAIT).orElseThrow();

        assertThat(exit).isEqualTo(new RunExit(7, EndReason.EXITED, "something broke\n"));
    }

    @Test
    void stderrKeepsItsLastFourKilobytes() throws Exception {
        FakeRun script = FakeRun.create();
        for (int i = 0; i < 100; i++) {
            script.stderr(String.format("line %03d %s", i, "e".repeat(90)));
        }
        RunExit exit = start(fake(script.exit(1)), STALL).await(WAIT).orElseThrow();

        assertThat(exit.stderrTail()).hasSize(RunExit.STDERR_TAIL_BYTES).endsWith("line 099 " + "e".repeat(90) + "\n");
        assertThat(exit.stderrTail()).doesNotContain("line 050");
    }

    @Test
    void theLeaderIsItsOwnProcessGroupAndItsStartIsKnown() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        RunHandle run = start(fake(FakeRun.create().init().hang()), STALL);

        ProcessIdentity identity = run.process();
        assertThat(listener.startedWith()).isEqualTo(identity);
        // setsid makes the group as the child starts; start() does not wait for it.
        Deadline.after(WAIT)
                .await(
                        "the leader's own group",
                        () -> ProcessTable.processGroup(identity.pid()).equals(Optional.of(identity.pid())));
        assertThat(identity.startedAt()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void aRunStoppedTheMomentItStartsEndsWithAllItStarted() throws Exception {
        // Stopped before setsid has run, or just after: either way nothing of it may be left.
        FakeClaude fake =
                fake(FakeRun.create().spawnGrandchild("sleep 300").init().hang());
        for (int i = 0; i < 20; i++) {
            RunHandle run = launcher.start(spec(fake, STALL), new RecordingListener());

            run.stop(EndReason.CANCELLED);
            RunExit exit = run.await(WAIT).orElseThrow();

            assertThat(exit.endedBy()).isEqualTo(EndReason.CANCELLED);
            assertGroupGone(run, fake);
        }
    }

    @Test
    void noOutputForTheStallWindowStopsTheWholeGroup() throws Exception {
        FakeClaude fake =
                fake(FakeRun.create().init().spawnGrandchild("sleep 300").hang());

        RunHandle run = start(fake, Duration.ofMillis(500));
        RunExit exit = run.await(WAIT).orElseThrow();

        assertThat(exit.endedBy()).isEqualTo(EndReason.STALLED);
        assertThat(exit.exitCode()).isEqualTo(RunExit.KILLED);
        assertThat(listener.lines()).hasSize(1);
        assertGroupGone(run, fake);
    }

    @Test
    void outputKeepsTheStallWatchdogAway() throws Exception {
        FakeRun script = FakeRun.create().init();
        for (int i = 0; i < 6; i++) {
            script.sleep(Duration.ofMillis(200)).text("still here " + i);
        }
        RunHandle run = start(fake(script.success("done")), Duration.ofMillis(700));

        assertThat(run.await(WAIT).orElseThrow()).isEqualTo(new RunExit(0, EndReason.EXITED, ""));
    }

    @Test
    void cancelEndsTheLeaderAndItsGrandchildren() throws Exception {
        FakeClaude fake = fake(FakeRun.create()
                .init()
                .spawnGrandchild("sleep 300")
                .spawnGrandchild("sleep 301")
                .text("spawned")
                .hang());
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("both grandchildren", () -> listener.saw("spawned"));
        assertThat(fake.grandchildPids()).hasSize(2);

        run.stop(EndReason.CANCELLED);
        RunExit exit = run.await(WAIT).orElseThrow();

        assertThat(exit.endedBy()).isEqualTo(EndReason.CANCELLED);
        assertThat(exit.exitCode()).isEqualTo(RunExit.KILLED);
        assertGroupGone(run, fake);
    }

    @Test
    void aTimeoutIsAnAwaitThatRanOutThenAStop() throws Exception {
        FakeClaude fake = fake(FakeRun.create()
                .init()
                .spawnGrandchild("sleep 300")
                .text("spawned")
                .hang());
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("the grandchild", () -> listener.saw("spawned"));

        assertThat(run.await(Duration.ofMillis(300))).isEmpty();
        run.stop(EndReason.TIMED_OUT);
        run.stop(EndReason.CANCELLED); // idempotent: the first reason stays

        assertThat(run.await(WAIT).orElseThrow()).isEqualTo(new RunExit(RunExit.KILLED, EndReason.TIMED_OUT, ""));
        assertGroupGone(run, fake);
    }

    @Test
    void aGroupThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Path ready = temp.resolve("trap-set");
        FakeClaude fake = fake(FakeRun.create()
                .init()
                .spawnGrandchild("bash -c 'trap \"\" TERM; touch " + ready + "; sleep 300'")
                .text("spawned")
                .hang());
        RunHandle run = start(fake, STALL);
        // Only once the trap is set does the grandchild ignore SIGTERM.
        Deadline.after(WAIT).await("the grandchild's trap", () -> java.nio.file.Files.exists(ready));

        long stoppedAt = System.nanoTime();
        run.stop(EndReason.SHUTDOWN);

        assertThat(run.await(WAIT).orElseThrow().endedBy()).isEqualTo(EndReason.SHUTDOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
                .as("SIGKILL comes after the grace")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertGroupGone(run, fake);
    }

    @Test
    void backgroundJobsDoNotOutliveALeaderThatExitedByItself() throws Exception {
        FakeClaude fake =
                fake(FakeRun.create().init().spawnGrandchild("sleep 300").success("done"));

        RunHandle run = start(fake, STALL);
        RunExit exit = run.await(WAIT).orElseThrow();

        assertThat(exit).isEqualTo(new RunExit(0, EndReason.EXITED, ""));
        assertThat(listener.lines()).hasSize(2);
        assertThat(fake.grandchildPids()).hasSize(1);
        assertGroupGone(run, fake);
    }

    @Test
    void aCliThatHangsAfterItsResultIsEndedWithinTheGrace() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().success("done").hang());
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("the result", () -> listener.saw("\"type\":\"result\""));

        run.exitWithin(Duration.ofMillis(200));

        assertThat(run.await(WAIT).orElseThrow()).isEqualTo(new RunExit(RunExit.KILLED, EndReason.EXITED, ""));
        assertGroupGone(run, fake);
    }

    @Test
    void exitWithinDoesNotTouchACliThatExitsByItself() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().success("done").sleep(Duration.ofMillis(200)));
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("the result", () -> listener.saw("\"type\":\"result\""));

        run.exitWithin(Duration.ofSeconds(10));

        assertThat(run.await(WAIT).orElseThrow()).isEqualTo(new RunExit(0, EndReason.EXITED, ""));
    }

    @Test
    void stopAfterTheExitChangesNothing() throws Exception {
        RunHandle run = start(fake(FakeRun.create().init().exit(3)), STALL);
        RunExit exit = run.await(WAIT).orElseThrow();

        run.stop(EndReason.CANCELLED);

        assertThat(run.await(WAIT)).hasValue(exit);
        assertThat(exit).isEqualTo(new RunExit(3, EndReason.EXITED, ""));
    }

    @Test
    void theChildGetsExactlyTheGivenEnvironmentAndDirectory() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().success("done"));
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "TASK_VAR", "42", "HOME", temp.toString());

        RunHandle run =
                launcher.start(new RunSpec(List.of(fake.executable().toString(), "-p"), session, env, STALL), listener);
        started.add(run);
        assertThat(run.await(WAIT)).isPresent();

        FakeInvocation invocation = fake.invocations().get(0);
        assertThat(invocation.workingDirectory()).isEqualTo(session.toRealPath());
        assertThat(invocation.env()).containsAllEntriesOf(env);
        Set<String> extra = new HashSet<>(invocation.env().keySet());
        extra.removeAll(env.keySet());
        assertThat(extra)
                .as("the run id and what bash sets itself")
                .isSubsetOf(ProcessIdentity.RUN_ID_VARIABLE, "PWD", "OLDPWD", "SHLVL", "_");
        assertThat(invocation.env())
                .containsEntry(ProcessIdentity.RUN_ID_VARIABLE, run.process().runId());
    }

    @Test
    void stdinIsAtItsEndAtOnce() throws Exception {
        RunHandle run = launcher.start(
                new RunSpec(List.of("/bin/sh", "-c", "cat; echo after-stdin"), session, pathOnly(), STALL), listener);
        started.add(run);

        assertThat(run.await(WAIT).orElseThrow().exitCode()).isZero();
        assertThat(listener.lines()).containsExactly("after-stdin");
    }

    @Test
    void longLinesAndUtf8ArriveWhole() throws Exception {
        String longLine = "{\"type\":\"x\",\"pad\":\"" + "p".repeat(1_000_000) + "\"}";
        String unicode = "{\"type\":\"assistant\",\"text\":\"h\u00e9llo \u2713 \uD83D\uDE00\"}";
        RunHandle run = start(fake(FakeRun.create().line(longLine).line(unicode)), STALL);

        assertThat(run.await(WAIT)).isPresent();

        assertThat(listener.lines()).containsExactly(longLine, unicode);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOutput() throws Exception {
        List<String> seen = new ArrayList<>();
        RunListener failing = line -> {
            seen.add(line);
            throw new IllegalStateException("listener bug");
        };
        RunHandle run =
                launcher.start(spec(fake(FakeRun.create().init().text("a").success("b")), STALL), failing);
        started.add(run);

        assertThat(run.await(WAIT).orElseThrow().exitCode()).isZero();
        assertThat(seen).hasSize(3);
    }

    @Test
    void aMissingProgramOrDirectoryFailsTheStart() {
        assertThatThrownBy(() ->
                        launcher.start(new RunSpec(List.of("no-such-claude"), session, pathOnly(), STALL), listener))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-claude was not found on the PATH");
        assertThatThrownBy(() -> launcher.start(
                        new RunSpec(List.of(temp.resolve("nope").toString()), session, pathOnly(), STALL), listener))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not an executable file");
        assertThatThrownBy(() -> launcher.start(
                        new RunSpec(List.of("/bin/true"), temp.resolve("missing"), pathOnly(), STALL), listener))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aProgramIsFoundOnTheChildsPath() throws Exception {
        FakeClaude fake = fake(FakeRun.create().init().success("done"));
        Map<String, String> env = Map.of("PATH", fake.directory() + ":" + System.getenv("PATH"));

        RunHandle run = launcher.start(new RunSpec(List.of("claude", "-p"), session, env, STALL), listener);
        started.add(run);

        assertThat(run.await(WAIT).orElseThrow().exitCode()).isZero();
        assertThat(fake.invocations()).hasSize(1);
    }

    @Test
    void aBackgroundJobThatLeftTheGroupIsFoundByTheRunIdOnceItsParentIsGone() throws Exception {
        // What the real CLI does with a tool's "cmd &": a new session, and the shell that started it exits.
        FakeClaude fake =
                fake(FakeRun.create().init().spawnGrandchild("setsid sleep 300").success("done"));

        RunHandle run = start(fake, STALL);
        RunExit exit = run.await(WAIT).orElseThrow();

        assertThat(exit).isEqualTo(new RunExit(0, EndReason.EXITED, ""));
        assertThat(fake.grandchildPids()).hasSize(1);
        assertGroupGone(run, fake);
    }

    @Test
    void cancelEndsABackgroundJobThatLeftTheGroup() throws Exception {
        FakeClaude fake = fake(FakeRun.create()
                .init()
                .spawnGrandchild("setsid sleep 300")
                .text("spawned")
                .hang());
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("the grandchild", () -> listener.saw("spawned"));
        long grandchild = fake.grandchildPids().get(0);
        Deadline.after(WAIT)
                .await(
                        "its own session",
                        () -> ProcessTable.processGroup(grandchild)
                                .filter(g -> g == grandchild)
                                .isPresent());

        run.stop(EndReason.CANCELLED);

        assertThat(run.await(WAIT).orElseThrow().endedBy()).isEqualTo(EndReason.CANCELLED);
        assertGroupGone(run, fake);
    }

    @Test
    void aLeftoverRunOfAnEarlierAgentIsEndedOnlyIfItIsTheSameRun() throws Exception {
        FakeClaude fake = fake(FakeRun.create()
                .init()
                .spawnGrandchild("sleep 300")
                .spawnGrandchild("setsid sleep 301")
                .text("spawned")
                .hang());
        RunHandle run = start(fake, STALL);
        Deadline.after(WAIT).await("the grandchildren", () -> listener.saw("spawned"));
        ProcessIdentity identity = run.process();
        ProcessLauncher restarted = new ProcessLauncher(Duration.ofMillis(500));
        Instant otherStart = identity.startedAt().minusSeconds(3600);

        assertThat(restarted.endLeftover(new ProcessIdentity(identity.pid(), otherStart)))
                .isFalse();
        assertThat(restarted.endLeftover(new ProcessIdentity(identity.pid(), otherStart, "another-run")))
                .isFalse();
        assertThat(ProcessTable.runningMembers(identity.pid())).isNotEmpty();

        assertThat(restarted.endLeftover(identity)).isTrue();
        assertGroupGone(run, fake);
        assertThat(restarted.endLeftover(identity)).isFalse();
    }

    private void assertGroupGone(RunHandle run, FakeClaude fake) {
        long pgid = run.process().pid();
        assertThat(ProcessTable.runningMembers(pgid))
                .as("running members of group %s", pgid)
                .isEmpty();
        for (long pid : fake.grandchildPids()) {
            assertThat(ProcessHandle.of(pid).filter(ProcessTable::isRunning))
                    .as("grandchild %s", pid)
                    .isEmpty();
        }
    }

    private FakeClaude fake(FakeRun run) {
        return FakeClaude.builder().run(run).writeTo(temp.resolve("fake"));
    }

    private RunHandle start(FakeClaude fake, Duration stall) throws IOException {
        RunHandle run = launcher.start(spec(fake, stall), listener);
        started.add(run);
        return run;
    }

    private RunSpec spec(FakeClaude fake, Duration stall) {
        return new RunSpec(List.of(fake.executable().toString(), "-p"), session, pathOnly(), stall);
    }

    private static Map<String, String> pathOnly() {
        return Map.of("PATH", System.getenv("PATH"));
    }
}
