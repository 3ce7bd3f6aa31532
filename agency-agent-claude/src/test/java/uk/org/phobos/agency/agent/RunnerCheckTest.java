package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.RunnerInfo;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.process.ProcessTable;

class RunnerCheckTest {
    /** Far above what any check here takes when it ends on time, far below a hang. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** For CLIs that answer: generous, so that a loaded machine cannot make them look hung. */
    private final RunnerCheck patient = new RunnerCheck(Duration.ofSeconds(15));
    /** For CLIs that hang: short, but long enough for the script to note its pids first. */
    private final RunnerCheck quick = new RunnerCheck(Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @Test
    void aCliThatPrintsItsVersionIsReady() throws IOException {
        Path cli = script("claude", "echo '2.0.14 (Claude Code)'", "echo 'second line'");

        RunnerCheck.Result result = run(patient, cli);

        assertThat(result)
                .isEqualTo(new RunnerCheck.Ready(new RunnerInfo("claude", cli.toString(), "2.0.14 (Claude Code)")));
    }

    @Test
    void aCliThatPrintsMoreThanItsFirstLinesIsReadToTheEnd() throws IOException {
        Path cli = script("claude", "yes 2.0.14 | head -c 200000");

        assertThat(run(patient, cli))
                .isEqualTo(new RunnerCheck.Ready(new RunnerInfo("claude", cli.toString(), "2.0.14")));
    }

    @Test
    void aCliThatNeverAnswersIsKilledAndReportedOnceTheTimeIsUp() throws IOException {
        Path cli = script("claude", "echo $$ > \"$(dirname \"$0\")/pids\"", "exec sleep 1000");

        RunnerCheck.Result result = run(quick, cli);

        assertThat(result).isEqualTo(new RunnerCheck.Broken("'" + cli + " --version' did not answer within 1 s"));
        awaitGone(pids());
    }

    @Test
    void aCliThatPrintsButDoesNotExitIsKilledWithItsChildren() throws IOException {
        Path cli = script("claude", "echo 2.0.14", "sleep 1000 &", "echo $$ $! > \"$(dirname \"$0\")/pids\"", "wait");

        RunnerCheck.Result result = run(quick, cli);

        assertThat(result).isEqualTo(new RunnerCheck.Broken("'" + cli + " --version' did not answer within 1 s"));
        List<Long> pids = pids();
        assertThat(pids).hasSize(2);
        awaitGone(pids);
    }

    @Test
    void aCliThatExitsButLeavesAChildHoldingItsOutputIsReadyByTheDeadline() throws IOException {
        Path cli = script("claude", "echo 2.0.14", "sleep 1000 &", "echo $! > \"$(dirname \"$0\")/pids\"");

        try {
            assertThat(run(quick, cli))
                    .isEqualTo(new RunnerCheck.Ready(new RunnerInfo("claude", cli.toString(), "2.0.14")));
        } finally {
            pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aCliThatExitsNonZeroIsReportedWithItsExitCodeAndFirstLine() throws IOException {
        Path cli = script("claude", "echo 'error: cannot find node' >&2", "echo 'more detail' >&2", "exit 3");

        RunnerCheck.Result result = run(patient, cli);

        assertThat(result)
                .isEqualTo(new RunnerCheck.Broken(
                        "'" + cli + " --version' failed with exit code 3: error: cannot find node"));
    }

    @Test
    void aCliThatExitsNonZeroSilentlyIsReportedWithItsExitCode() throws IOException {
        Path cli = script("claude", "exit 127");

        assertThat(run(patient, cli))
                .isEqualTo(new RunnerCheck.Broken(
                        "'" + cli + " --version' failed with exit code 127 and printed nothing"));
    }

    @Test
    void aCliThatCannotBeStartedIsReportedWithWhereToPointTheAgent() {
        RunnerCheck.Result result = run(patient, dir.resolve("no-such-claude"));

        assertThat(result).isInstanceOf(RunnerCheck.Broken.class);
        assertThat(((RunnerCheck.Broken) result).problem()).contains("no-such-claude", "--claude-bin");
    }

    @Test
    void theTimeoutIsShownInWholeSecondsWhenItIsSome() {
        assertThat(RunnerCheck.shown(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(RunnerCheck.shown(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }

    private RunnerCheck.Result run(RunnerCheck check, Path cli) {
        return assertTimeoutPreemptively(
                BOUND, () -> check.check(cli.toString(), Map.of("PATH", System.getenv("PATH")), dir));
    }

    private Path script(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private List<Long> pids() throws IOException {
        return List.of(Files.readString(dir.resolve("pids")).trim().split(" ")).stream()
                .map(Long::parseLong)
                .toList();
    }

    private static void awaitGone(List<Long> pids) {
        Deadline.after(BOUND)
                .await(
                        "processes " + pids + " to be gone",
                        () -> pids.stream()
                                .noneMatch(pid -> ProcessHandle.of(pid)
                                        .map(ProcessTable::isRunning)
                                        .orElse(false)));
    }
}
