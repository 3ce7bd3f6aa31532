package uk.org.phobos.agency.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void capturesBothOutputsAndTheExitCode() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("sh", "-c", "echo out; echo err >&2; exit 3")
                .start()) {
            assertThat(p.awaitExit(TIMEOUT)).isEqualTo(3);
            assertThat(p.stdout().lines()).containsExactly("out");
            assertThat(p.stderr().lines()).containsExactly("err");
            assertThat(p.exitCode()).hasValue(3);
        }
    }

    @Test
    void stdinIsClosed() throws Exception {
        // cat would wait forever on an open, empty stdin.
        try (LaunchedProcess p = ProcessLauncher.command("cat").start()) {
            assertThat(p.awaitExit(TIMEOUT)).isZero();
        }
    }

    @Test
    void usesTheGivenDirectoryAndEnvironment() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("sh", "-c", "pwd; echo \"$GREETING\"; echo \"${HOME-unset}\"")
                .directory(dir)
                .env("GREETING", "hello")
                .removeEnv("HOME")
                .start()) {
            p.awaitExit(TIMEOUT);
            assertThat(p.stdout().lines()).containsExactly(dir.toRealPath().toString(), "hello", "unset");
        }
    }

    @Test
    void aReplacedEnvironmentKeepsNothingOfTheParent() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("/usr/bin/env")
                .environment(java.util.Map.of("ONLY", "this"))
                .start()) {
            p.awaitExit(TIMEOUT);
            assertThat(p.stdout().lines()).containsExactly("ONLY=this");
        }
    }

    @Test
    void theChildLeadsItsOwnProcessGroup() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("sh", "-c", "echo started; exec sleep 300")
                .start()) {
            p.stdout().awaitLine("started"::equals, TIMEOUT);
            assertThat(ProcessTable.processGroup(p.pid())).hasValue(p.pid());
        }
    }

    @Test
    void waitsForALinePrintedLater() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LaunchedProcess p = ProcessLauncher.command(
                        "sh", "-c", "echo one; sleep 0.3; echo ready now; exec sleep 300")
                .onLine((channel, line) -> seen.add(channel + ":" + line))
                .start()) {
            String line = p.stdout().awaitLine(l -> l.startsWith("ready"), TIMEOUT);

            assertThat(line).isEqualTo("ready now");
            assertThat(seen).containsExactly("STDOUT:one", "STDOUT:ready now");
            assertThat(p.isAlive()).isTrue();
        }
    }

    @Test
    void waitingForALineFailsAtOnceWhenTheOutputEnds() throws Exception {
        try (LaunchedProcess p =
                ProcessLauncher.command("sh", "-c", "echo only line").start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> p.stdout().awaitLine("never"::equals, Duration.ofMinutes(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closed without a matching line")
                    .hasMessageContaining("only line");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        }
    }

    @Test
    void waitingForALineFailsAtTheDeadline() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("sleep", "300").start()) {
            assertThatThrownBy(() -> p.stdout().awaitLine("never"::equals, Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no matching line within");
        }
    }

    @Test
    void closeKillsAGrandchildTheChildStarted() throws Exception {
        ProcessHandle grandchild;
        LaunchedProcess p = ProcessLauncher.command("bash", "-c", "sleep 300 & echo $!; wait")
                .start();
        try (p) {
            long pid = Long.parseLong(p.stdout().awaitLine(l -> l.matches("\\d+"), TIMEOUT));
            grandchild = ProcessHandle.of(pid).orElseThrow();
            assertThat(grandchild.isAlive()).isTrue();
        }
        assertThat(ProcessTable.isRunning(grandchild)).isFalse();
        assertThat(p.isAlive()).isFalse();
        assertThat(ProcessTable.runningMembers(p.pid())).isEmpty();
    }

    @Test
    void closeKillsOrphansTheChildLeftBehind() throws Exception {
        ProcessHandle orphan;
        try (LaunchedProcess p = ProcessLauncher.command("bash", "-c", "sleep 300 >/dev/null 2>&1 & echo $!")
                .start()) {
            assertThat(p.awaitExit(TIMEOUT)).isZero();
            orphan = ProcessHandle.of(Long.parseLong(p.stdout().lines().get(0))).orElseThrow();
            assertThat(orphan.isAlive()).isTrue();
        }
        assertThat(ProcessTable.isRunning(orphan)).isFalse();
    }

    @Test
    void closeKillsWhatIgnoresSigterm() throws Exception {
        Duration grace = Duration.ofMillis(300);
        LaunchedProcess p = ProcessLauncher.command("bash", "-c", "trap '' TERM; echo armed; exec sleep 300")
                .killGrace(grace)
                .start();
        p.stdout().awaitLine("armed"::equals, TIMEOUT);
        long start = System.nanoTime();

        p.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(grace);
        assertThat(p.isAlive()).isFalse();
        assertThat(p.exitCode()).hasValue(128 + 9);
    }

    @Test
    void closeIsIdempotentAndFineAfterExit() throws Exception {
        LaunchedProcess p = ProcessLauncher.command("true").start();
        assertThat(p.awaitExit(TIMEOUT)).isZero();
        p.close();
        p.close();
        assertThat(p.stdout().isClosed()).isTrue();
    }

    @Test
    void awaitExitFailsWithTheOutputWhenTheChildRunsTooLong() throws Exception {
        try (LaunchedProcess p = ProcessLauncher.command("sh", "-c", "echo still here; exec sleep 300")
                .start()) {
            p.stdout().awaitLine("still here"::equals, TIMEOUT);
            assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("still here");
        }
    }
}
