package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/**
 * The agent's sandbox modes with real bwrap and a fake CLI: what runs where, what {@code /status}
 * and the task records say, and that a refused task starts nothing.
 */
class AgentSandboxIT {
    private static final boolean ROOT = new UnixSystem().getUid() == 0;

    @TempDir
    Path dir;

    @Test
    void byDefaultTasksRunInsideTheSandboxAndSaySo() throws Exception {
        try (AgentHarness h =
                AgentHarness.start(dir, List.of(), FakeRun.create().init().success("ok"))) {
            assertThat(sandboxStatus(h))
                    .containsEntry("mode", "required")
                    .containsEntry("backend", "bwrap")
                    .containsEntry("ready", true);
            assertThat((String) sandboxStatus(h).get("reason")).contains("network: host");
            assertThat(configSandbox(h)).containsEntry("mode", "required");

            Task first =
                    h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("one")).taskId());
            Task second = h.awaitEnd(h.client
                    .submit(
                            h.url(),
                            new TaskRequest("two", first.sessionId(), null, null, null, null, null, null, null))
                    .taskId());

            assertThat(first.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(first.sandbox().sandboxed()).isTrue();
            assertThat(first.sandbox().backend()).isEqualTo("bwrap");
            assertThat(first.sandbox().policyHash()).matches("[0-9a-f]{64}");
            assertThat(first.sandbox().reason()).isNull();
            assertThat(second.sandbox().policyHash()).isEqualTo(first.sandbox().policyHash());
            List<FakeInvocation> calls = h.claude.invocations();
            assertThat(calls).hasSize(2);
            for (FakeInvocation call : calls) {
                assertThat(call.env()).containsEntry("IS_SANDBOX", "1");
                assertThat(call.env()).containsKey("CLAUDE_CONFIG_DIR");
            }
            // The session's own config folder every run, so that --resume finds the transcript, and never the
            // user's ~/.claude, where a task could leave hooks for the user's own unsandboxed sessions.
            assertThat(calls.get(0).env().get("CLAUDE_CONFIG_DIR"))
                    .endsWith("/sessions/.cli-config/" + first.sessionId());
            assertThat(calls.get(1).env().get("CLAUDE_CONFIG_DIR"))
                    .isEqualTo(calls.get(0).env().get("CLAUDE_CONFIG_DIR"));
            assertThat(calls.get(1).option("--resume")).hasValue(first.sessionId());
            assertThat(calls.get(1).workingDirectory()).isEqualTo(calls.get(0).workingDirectory());
        }
    }

    @Test
    void requiredWithoutBwrapFailsTasksWithSandboxErrorAndStartsNoCli() throws Exception {
        try (AgentHarness h = startWithoutBwrap(
                List.of("--sandbox", "required"), FakeRun.create().init().success("ok"))) {
            assertThat(h.status().state()).isEqualTo("idle");
            assertThat(sandboxStatus(h))
                    .containsEntry("mode", "required")
                    .containsEntry("backend", "none")
                    .containsEntry("ready", false);
            assertThat((String) sandboxStatus(h).get("reason"))
                    .contains("bwrap not found")
                    .contains("refused with sandbox_error");

            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.FAILED);
            assertThat(done.error().type()).isEqualTo(TaskErrorType.SANDBOX_ERROR);
            assertThat(done.error().message()).contains("bwrap not found").contains("--sandbox required");
            assertThat(done.sandbox().sandboxed()).isFalse();
            assertThat(done.sandbox().reason()).startsWith("refused (--sandbox required)");
            assertThat(done.attempts()).isZero();
            assertThat(h.claude.invocations()).as("CLI runs").isEmpty();
        }
    }

    @Test
    void withoutBwrapTheDefaultIsAutoAndTasksRunUnsandboxedSayingSo() throws Exception {
        try (AgentHarness h =
                startWithoutBwrap(List.of(), FakeRun.create().init().success("ok"))) {
            assertThat(sandboxStatus(h))
                    .containsEntry("mode", "auto")
                    .containsEntry("backend", "none")
                    .containsEntry("ready", false);
            assertThat((String) sandboxStatus(h).get("reason")).contains("tasks run UNSANDBOXED");

            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.sandbox().sandboxed()).isFalse();
            assertThat(done.sandbox().backend()).isEqualTo("none");
            assertThat(done.sandbox().policyHash()).isNull();
            assertThat(done.sandbox().reason()).contains("UNSANDBOXED").contains("bwrap not found");
            FakeInvocation call = h.claude.invocations().get(0);
            assertThat(call.env()).doesNotContainKey("CLAUDE_CONFIG_DIR");
            if (ROOT) {
                assertThat(call.env()).containsEntry("IS_SANDBOX", "1");
                assertThat(done.sandbox().reason()).contains("as root");
            } else {
                assertThat(call.env()).doesNotContainKey("IS_SANDBOX");
            }
        }
    }

    @Test
    void offRunsTasksUnsandboxedAndIgnoresAnInheritedIsSandbox() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(dir.resolve("fake"));
        try (AgentHarness h =
                AgentHarness.startWith(root, claude, List.of("--sandbox", "off"), Map.of("IS_SANDBOX", "1"))) {
            assertThat(sandboxStatus(h)).containsEntry("mode", "off").containsEntry("ready", false);

            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.sandbox().sandboxed()).isFalse();
            assertThat(done.sandbox().reason()).startsWith("sandbox off (--sandbox off)");
            FakeInvocation call = h.claude.invocations().get(0);
            if (ROOT) {
                assertThat(call.env()).containsEntry("IS_SANDBOX", "1");
            } else {
                assertThat(call.env()).doesNotContainKey("IS_SANDBOX");
            }
        }
    }

    @Test
    void theSandboxSectionAddsPathsAndAPathThatVanishedFailsTheTaskWithSandboxError() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(dir.resolve("fake"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cret");
        Path config = dir.resolve("agent.yaml");
        Files.writeString(
                config,
                "sandbox:\n" + AgentHarness.recordsWritable(claude) + "    - " + shared + "\n"
                        + "  hidden:\n    - " + secret + "\n"
                        + "  read_only:\n    - /usr\n");
        try (AgentHarness h = AgentHarness.startWith(root, claude, List.of("--config", config.toString()))) {
            assertThat(configSandbox(h))
                    .containsEntry(
                            "read_write", List.of(claude.recordsDirectory().toString(), shared.toString()))
                    .containsEntry("hidden", List.of(secret.toString()))
                    .containsEntry("read_only", List.of("/usr"));
            assertThat(sandboxStatus(h)).containsEntry("ready", true);
            Files.delete(shared);

            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.FAILED);
            assertThat(done.error().type()).isEqualTo(TaskErrorType.SANDBOX_ERROR);
            assertThat(done.error().message()).contains(shared.toString());
            assertThat(h.claude.invocations()).isEmpty();
        }
    }

    @Test
    void aConfigFileTheSandboxCouldWriteStopsTheAgent() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(dir.resolve("fake"));
        Path config = claude.recordsDirectory().resolve("agent.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "sandbox:\n" + AgentHarness.recordsWritable(claude));

        assertThatThrownBy(() -> AgentHarness.startWith(root, claude, List.of("--config", config.toString())))
                .hasMessageContaining("the config file " + config)
                .hasMessageContaining("which sandboxed tasks may write");
    }

    @Test
    void cancellingASandboxedRunLeavesNoProcessOfIt() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .spawnGrandchild("setsid sleep 300")
                        .text("busy")
                        .hang())) {
            String id = h.client.submit(h.url(), TaskRequest.of("x")).taskId();
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "grandchild started",
                            () -> !h.claude.grandchildPids().isEmpty());
            assertThat(h.runProcesses()).hasSizeGreaterThanOrEqualTo(3); // bwrap, the fake, its grandchild

            Task cancelled = h.client.cancel(h.url(), id);

            assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
            assertThat(cancelled.sandbox().sandboxed()).isTrue();
            h.awaitNoRunProcesses();
        }
    }

    private AgentHarness startWithoutBwrap(List<String> args, FakeRun run) throws IOException {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder().run(run).writeTo(dir.resolve("fake"));
        return AgentHarness.startWith(
                root, claude, args, Map.of("PATH", pathWithoutBwrap().toString()));
    }

    /** A folder of links to every program of the usual system folders but bwrap, to use as the PATH. */
    private Path pathWithoutBwrap() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-without-bwrap"));
        Set<String> linked = new TreeSet<>();
        for (String system : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path folder = Path.of(system);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> programs = Files.list(folder)) {
                for (Path program : programs.toList()) {
                    String name = program.getFileName().toString();
                    if (!name.equals("bwrap") && linked.add(name)) {
                        Files.createSymbolicLink(bin.resolve(name), program);
                    }
                }
            }
        }
        return bin;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sandboxStatus(AgentHarness h) {
        return (Map<String, Object>) h.status().details().get("sandbox");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configSandbox(AgentHarness h) {
        return (Map<String, Object>) h.status().config().get("sandbox");
    }
}
