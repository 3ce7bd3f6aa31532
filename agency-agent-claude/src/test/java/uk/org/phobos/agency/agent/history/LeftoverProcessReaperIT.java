package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.process.ProcessTable;

class LeftoverProcessReaperIT {
    private static final Logger log = LoggerFactory.getLogger(LeftoverProcessReaperIT.class);
    // The leader, a child in the background, and an orphan whose parent (a subshell) has exited.
    private static final String GROUP_OF_THREE = "(sleep 300 &); sleep 300 & wait";

    private final LeftoverProcessReaper reaper = new LeftoverProcessReaper(Duration.ofSeconds(2));

    @TempDir
    Path dir;

    @Test
    void endsEveryMemberOfTheGroupIncludingOrphans() throws IOException {
        try (LaunchedProcess group =
                ProcessLauncher.command("sh", "-c", GROUP_OF_THREE).start()) {
            List<ProcessHandle> members = awaitMembers(group.pid(), 3);
            ProcessIdentity identity = reaper.identify(group.pid()).orElseThrow();

            assertThat(reaper.endIfSameProcess(identity)).isTrue();

            assertThat(ProcessTable.runningMembers(group.pid())).isEmpty();
            assertThat(members).noneMatch(ProcessTable::isRunning);
        }
    }

    @Test
    void killsWhatIgnoresSigterm() throws IOException {
        LeftoverProcessReaper impatient = new LeftoverProcessReaper(Duration.ofMillis(200));
        // An ignored signal stays ignored across fork and exec, so every member ignores SIGTERM.
        try (LaunchedProcess group = ProcessLauncher.command("sh", "-c", "trap '' TERM; " + GROUP_OF_THREE)
                .start()) {
            List<ProcessHandle> members = awaitMembers(group.pid(), 3);

            assertThat(impatient.endIfSameProcess(
                            impatient.identify(group.pid()).orElseThrow()))
                    .isTrue();

            assertThat(members).noneMatch(ProcessTable::isRunning);
        }
    }

    @Test
    void leavesAProcessThatStartedAtAnotherInstantAlone() throws IOException {
        try (LaunchedProcess group =
                ProcessLauncher.command("sh", "-c", GROUP_OF_THREE).start()) {
            List<ProcessHandle> members = awaitMembers(group.pid(), 3);
            Instant started = reaper.identify(group.pid()).orElseThrow().startedAt();

            // One clock tick (10 ms) off, a millisecond off, and a second off: all another process.
            for (Instant other :
                    List.of(started.minusMillis(10), started.plusMillis(1), started.plusSeconds(1), Instant.EPOCH)) {
                assertThat(reaper.endIfSameProcess(new ProcessIdentity(group.pid(), other)))
                        .as("started at %s", other)
                        .isFalse();
            }

            assertThat(members).allMatch(ProcessTable::isRunning);
        }
    }

    @Test
    void aPidThatDoesNotExistEndsNothing() throws Exception {
        // Above Linux's PID_MAX_LIMIT (2^22): no process ever has this pid.
        assertThat(reaper.endIfSameProcess(new ProcessIdentity(4_194_305, Instant.now())))
                .isFalse();

        Process exited = new ProcessBuilder("sleep", "300").start();
        ProcessIdentity identity = reaper.identify(exited.pid()).orElseThrow();
        exited.destroyForcibly();
        assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(reaper.endIfSameProcess(identity)).isFalse();
    }

    @Test
    void aProcessThatLeadsNoGroupIsEndedWithoutTouchingItsGroup() throws Exception {
        // Both children share the test JVM's process group: signalling that group would hit the JVM.
        Process target = new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            Deadline.after(Duration.ofSeconds(10))
                    .await(
                            "the child's sleep",
                            () -> target.descendants().findAny().isPresent());
            ProcessHandle grandchild = target.descendants().findAny().orElseThrow();

            assertThat(reaper.endIfSameProcess(reaper.identify(target.pid()).orElseThrow()))
                    .isTrue();

            assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessTable.isRunning(grandchild)).isFalse();
            assertThat(ProcessTable.isRunning(bystander.toHandle())).isTrue();
        } finally {
            target.descendants().forEach(ProcessHandle::destroyForcibly);
            target.destroyForcibly();
            bystander.destroyForcibly();
            bystander.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStartInstantIsTheSameInEveryCallAndInAnotherJvm() throws Exception {
        try (LaunchedProcess sleeper = ProcessLauncher.command("sleep", "300").start()) {
            Set<Instant> seen = new HashSet<>();
            for (int i = 0; i < 1_000; i++) {
                seen.add(reaper.identify(sleeper.pid()).orElseThrow().startedAt());
            }
            assertThat(seen).hasSize(1);
            Instant here = seen.iterator().next();

            Path program = dir.resolve("StartInstant.java");
            Files.writeString(program, """
                    public class StartInstant {
                        public static void main(String[] args) {
                            long pid = Long.parseLong(args[0]);
                            System.out.println(ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow());
                        }
                    }
                    """);
            String java = ProcessHandle.current().info().command().orElse("java");
            try (LaunchedProcess other = ProcessLauncher.command(java, program.toString(), Long.toString(sleeper.pid()))
                    .start()) {
                assertThat(other.awaitExit(Duration.ofSeconds(60))).isZero();
                Instant there = Instant.parse(other.stdout().text().trim());
                log.info("Start instant of pid {}: {} here, {} in another JVM", sleeper.pid(), here, there);
                assertThat(there).isEqualTo(here);
            }
        }
    }

    @Test
    void recoveryEndsTheCliThatACrashedAgentLeft() throws IOException {
        try (LaunchedProcess cli =
                ProcessLauncher.command("sh", "-c", GROUP_OF_THREE).start()) {
            List<ProcessHandle> members = awaitMembers(cli.pid(), 3);
            var mapper = AgencyJson.newMapper();
            RunningTaskMarker marker = new RunningTaskMarker(dir.resolve(RunningTaskMarker.FILE_NAME), mapper);
            marker.taskStarted(TestTasks.working("t1", 0));
            marker.processStarted(reaper.identify(cli.pid()).orElseThrow());
            HistoryStore history = HistoryStore.open(dir.resolve("history"), mapper, 100, 20);

            Task recorded = new InterruptedTaskRecovery(
                            new RunningTaskMarker(marker.file(), mapper), reaper, history, Clock.systemUTC())
                    .recover()
                    .orElseThrow();

            assertThat(recorded.state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(members).noneMatch(ProcessTable::isRunning);
            assertThat(marker.read()).isEmpty();
        }
    }

    private static List<ProcessHandle> awaitMembers(long pgid, int count) {
        Deadline.after(Duration.ofSeconds(10))
                .await(
                        count + " running members of group " + pgid,
                        () -> ProcessTable.runningMembers(pgid).size() == count);
        return ProcessTable.runningMembers(pgid).stream()
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .toList();
    }
}
