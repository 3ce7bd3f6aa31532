package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.ProcessTable;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** One task at a time, restarts after a crash, shutdown, and a missing CLI. */
class AgentLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentPostsGetExactlyOne201() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create().init().sleep(Duration.ofSeconds(3)).success("ok"))) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Callable<Object>> posts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    posts.add(() -> {
                        try {
                            return h.client.submit(h.url(), TaskRequest.of("race"));
                        } catch (ApiException e) {
                            return e.code();
                        }
                    });
                }
                List<Object> results = new ArrayList<>();
                for (Future<Object> result : pool.invokeAll(posts)) {
                    results.add(result.get());
                }
                assertThat(results.stream().filter(r -> !(r instanceof ErrorCode)))
                        .hasSize(1);
                assertThat(results.stream().filter(r -> r == ErrorCode.AGENT_BUSY))
                        .hasSize(49);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theNextTaskIsTakenAsSoonAsTheLastIsSeenToEnd() throws Exception {
        try (AgentHarness h =
                AgentHarness.start(dir, List.of(), FakeRun.create().init().success("ok"))) {
            for (int i = 0; i < 5; i++) {
                Task done = h.awaitEnd(
                        h.client.submit(h.url(), TaskRequest.of("next " + i)).taskId());
                assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            }
        }
    }

    /**
     * Unsandboxed, the CLI's processes outlive a killed agent and the next start ends them. (Inside
     * the sandbox they die with the agent: see the next test.) What the task did before the kill is
     * in its partial stream on disk, from which the next start rebuilds its steps and its debug stream.
     */
    @Test
    void aTaskRunningWhenTheAgentWasKilledIsInterruptedWithItsStepsAndItsCliEnded() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300")
                        .text("busy")
                        .bash("toolu_1", "ls")
                        .toolResult("toolu_1", "notes.txt", false)
                        .hang())
                .writeTo(Files.createDirectories(dir.resolve("fake")));
        int port = new FreePorts().pick();
        List<String> args = List.of("--port", Integer.toString(port), "--sandbox", "off");
        String taskId;
        List<Long> leftovers;
        List<String> written;
        try (AgentHarness h = AgentHarness.startWith(root, claude, args)) {
            taskId = h.client.submit(h.url(), TaskRequest.of("long")).taskId();
            Path partial = root.resolve("agent-" + port).resolve("history").resolve(taskId + ".stream.jsonl.part");
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "the grandchild and the four lines in the partial stream",
                            () -> !claude.grandchildPids().isEmpty()
                                    && lines(partial).size() == 4);
            leftovers = claude.grandchildPids();
            written = lines(partial);
            h.agent.kill9();
            assertThat(leftovers)
                    .allMatch(pid ->
                            ProcessHandle.of(pid).map(ProcessTable::isRunning).orElse(false));
        }
        try (AgentHarness h = AgentHarness.startWith(root, claude, args)) {
            Task task = h.client.task(h.url(), taskId);

            assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(task.error().type()).isEqualTo(TaskErrorType.INTERRUPTED);
            assertThat(task.steps())
                    .containsExactly(
                            Step.text("busy"), Step.toolCall("Bash", "ls").withResult("notes.txt", false));
            assertThat(task.attempts()).isEqualTo(1);
            Map<?, ?> debug = h.client.get(h.url(), "/history/" + taskId + "/debug", Map.class);
            assertThat(debug.get("lines")).isEqualTo(written);
            assertThat(written.get(0)).contains("\"subtype\":\"init\"");
            assertThat(written.get(1)).contains("\"busy\"");
            Deadline.after(Duration.ofSeconds(10))
                    .await(
                            "the old CLI's processes to be gone",
                            () -> leftovers.stream()
                                    .noneMatch(pid -> ProcessHandle.of(pid)
                                            .map(ProcessTable::isRunning)
                                            .orElse(false)));
        }
    }

    @Test
    void aSandboxedTaskRunningWhenTheAgentWasKilledIsInterruptedAndNothingOfItSurvives() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300")
                        .text("busy")
                        .hang())
                .writeTo(Files.createDirectories(dir.resolve("fake")));
        int port = new FreePorts().pick();
        List<String> args = List.of("--port", Integer.toString(port));
        String taskId;
        String runId;
        try (AgentHarness h = AgentHarness.startWith(root, claude, args)) {
            taskId = h.client.submit(h.url(), TaskRequest.of("long")).taskId();
            Deadline.after(Duration.ofSeconds(20))
                    .await("grandchild started", () -> !claude.grandchildPids().isEmpty());
            runId = claude.invocations().get(0).env().get("AGENCY_RUN_ID");
            assertThat(ProcessTable.runningWithEnvironment("AGENCY_RUN_ID", runId))
                    .hasSizeGreaterThanOrEqualTo(3); // bwrap, the fake, its grandchild
            h.agent.kill9();
        }
        try (AgentHarness h = AgentHarness.startWith(root, claude, args)) {
            Task task = h.client.task(h.url(), taskId);

            assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(task.sandbox().sandboxed()).isTrue();
            Deadline.after(Duration.ofSeconds(10))
                    .await(
                            "the old run's processes to be gone",
                            () -> ProcessTable.runningWithEnvironment("AGENCY_RUN_ID", runId)
                                    .isEmpty());
        }
    }

    @Test
    void drainingShutdownFinishesTheTaskRefusesNewOnesAndExitsZero() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create().init().sleep(Duration.ofSeconds(2)).success("drained"))
                .writeTo(Files.createDirectories(dir.resolve("fake")));
        String port = Integer.toString(new FreePorts().pick());
        String id;
        try (AgentHarness h = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            id = h.client.submit(h.url(), TaskRequest.of("finish me")).taskId();

            h.client.shutdown(h.url(), new ShutdownRequest(false, 30));
            ApiException refused = AgentApiIT.catchApi(() -> h.client.submit(h.url(), TaskRequest.of("too late")));

            assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(h.agent.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        try (AgentHarness again = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            Task drained = again.client.task(again.url(), id);
            assertThat(drained.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(drained.output()).isEqualTo("drained");
        }
    }

    @Test
    void sigtermDrainsTheRunningTaskAndExitsZero() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create().init().sleep(Duration.ofSeconds(2)).success("finished under SIGTERM"))
                .writeTo(Files.createDirectories(dir.resolve("fake")));
        String port = Integer.toString(new FreePorts().pick());
        String id;
        try (AgentHarness h = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            id = h.client.submit(h.url(), TaskRequest.of("finish me")).taskId();

            h.agent.terminate();

            assertThat(h.agent.awaitExit(Duration.ofSeconds(40))).isZero();
        }
        try (AgentHarness again = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            assertThat(again.client.task(again.url(), id).output()).isEqualTo("finished under SIGTERM");
        }
    }

    @Test
    void thePrepromptFileIsReadAgainForEveryTask() throws Exception {
        Path preprompt = dir.resolve("preprompt.md");
        Files.writeString(preprompt, "first instructions");
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of("--preprompt-file", preprompt.toString()),
                FakeRun.create().init().success("ok"))) {
            h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("one")).taskId());
            Files.writeString(preprompt, "second instructions");
            h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("two")).taskId());
            Files.delete(preprompt);
            ApiException refused = AgentApiIT.catchApi(() -> h.client.submit(h.url(), TaskRequest.of("three")));

            var calls = h.claude.invocations();
            assertThat(calls.get(0).option("--append-system-prompt")).hasValue("first instructions");
            assertThat(calls.get(1).option("--append-system-prompt")).hasValue("second instructions");
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refused.getMessage()).contains("preprompt_file");
        }
    }

    @Test
    void forcedShutdownCancelsTheTaskAndEndsItsTree() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create().init().spawnGrandchild("sleep 300").hang())) {
            h.client.submit(h.url(), TaskRequest.of("x"));
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "grandchild started",
                            () -> !h.claude.grandchildPids().isEmpty());
            assertThat(h.runProcesses()).isNotEmpty();

            h.client.shutdown(h.url(), new ShutdownRequest(true, null));

            assertThat(h.agent.awaitExit(Duration.ofSeconds(30))).isZero();
            h.awaitNoRunProcesses();
        }
    }

    @Test
    void aMissingCliKeepsStatusUpAndRefusesTasksWithTheReason() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        try (ServiceProcess agent = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .args(
                        "--port",
                        Integer.toString(new FreePorts().pick()),
                        "--claude-bin",
                        dir.resolve("no-such-claude").toString())
                .start()) {
            var client = agent.client();
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "unavailable",
                            () -> "unavailable"
                                    .equals(client.status(agent.url()).state()));

            ApiException refused = AgentApiIT.catchApi(() -> client.submit(agent.url(), TaskRequest.of("x")));

            assertThat(client.status(agent.url()).details().get("problem").toString())
                    .contains("no-such-claude");
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refused.httpStatus()).isEqualTo(503);
            assertThat(refused.getMessage()).contains("no-such-claude");
        }
    }

    @Test
    void historySurvivesARestart() throws Exception {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create().init().success("kept"))
                .writeTo(Files.createDirectories(dir.resolve("fake")));
        String port = Integer.toString(new FreePorts().pick());
        String id;
        try (AgentHarness h = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            id = h.awaitEnd(h.client
                            .submit(h.url(), TaskRequest.of("remember me"))
                            .taskId())
                    .taskId();
        }
        try (AgentHarness h = AgentHarness.startWith(root, claude, List.of("--port", port))) {
            Task task = h.client.task(h.url(), id);
            assertThat(task.output()).isEqualTo("kept");
            assertThat(h.client.history(h.url(), 1, 20).entries())
                    .extracting(Task::taskId)
                    .containsExactly(id);
            Map<?, ?> debug = h.client.get(h.url(), "/history/" + id + "/debug", Map.class);
            assertThat((List<?>) debug.get("lines")).isNotEmpty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
