package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/** How tasks end: the outcome rules and the process-tree guarantees, with fake CLIs. */
class AgentOutcomesIT {
    @TempDir
    Path dir;

    @Test
    void maxTurnsTwiceThenSuccessCompletesAfterThreeRuns() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create().init().text("working").maxTurns(3),
                FakeRun.create().init().text("still working").maxTurns(3),
                FakeRun.create().init().success("finished at last"))) {
            Task done = h.awaitEnd(
                    h.client.submit(h.url(), TaskRequest.of("big job")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.attempts()).isEqualTo(3);
            assertThat(done.output()).isEqualTo("finished at last");
            // Tokens and turns add up over the three runs: 10 in / 5 out each; 2 + 2 + 1 turns.
            assertThat(done.usage().inputTokens()).isEqualTo(30);
            assertThat(done.usage().outputTokens()).isEqualTo(15);
            assertThat(done.numTurns()).isEqualTo(5);
            assertThat(done.costUsd()).isPositive();
            var calls = h.claude.invocations();
            assertThat(calls).hasSize(3);
            assertThat(calls.get(0).option("--session-id")).isPresent();
            assertThat(calls.get(1).option("--resume")).hasValue(done.sessionId());
            assertThat(calls.get(2).option("--resume")).hasValue(done.sessionId());
            assertThat(calls.get(1).prompt().orElseThrow()).contains("ran out of turns");
        }
    }

    @Test
    void maxTurnsEveryTimeFailsAfterThreeRuns() throws Exception {
        try (AgentHarness h =
                AgentHarness.start(dir, List.of(), FakeRun.create().init().maxTurns(3))) {
            Task done = h.awaitEnd(
                    h.client.submit(h.url(), TaskRequest.of("endless")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.FAILED);
            assertThat(done.error().type()).isEqualTo(TaskErrorType.MAX_TURNS);
            assertThat(done.attempts()).isEqualTo(3);
            assertThat(h.claude.invocations()).hasSize(3);
        }
    }

    @Test
    void exitWithoutAResultIsNoResult() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .text("oops")
                        .line("not json at all")
                        .stderr("boom on stderr")
                        .exit(3))) {
            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.FAILED);
            assertThat(done.error().type()).isEqualTo(TaskErrorType.NO_RESULT);
            assertThat(done.error().message()).contains("3").contains("boom on stderr");
            assertThat(done.exitCode()).isEqualTo(3);
        }
    }

    @Test
    void anApiErrorIsApiErrorWithTheCliMessage() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir, List.of(), FakeRun.create().init().apiError(400, "invalid request: model not found"))) {
            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.error().type()).isEqualTo(TaskErrorType.API_ERROR);
            assertThat(done.error().message()).contains("model not found");
        }
    }

    @Test
    void aSilentCliIsStalledAndNothingOfItSurvives() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of("--stall-timeout", "2s"),
                FakeRun.create().init().spawnGrandchild("sleep 300").hang())) {
            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.error().type()).isEqualTo(TaskErrorType.STALLED);
            assertAllGone(h);
        }
    }

    @Test
    void timeoutEndsTheWholeProcessTree() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300")
                        .text("busy")
                        .hang())) {
            Task done = h.awaitEnd(h.client
                    .submit(h.url(), new TaskRequest("x", null, null, null, 2, null, null, null, null))
                    .taskId());

            assertThat(done.state()).isEqualTo(TaskState.FAILED);
            assertThat(done.error().type()).isEqualTo(TaskErrorType.TIMEOUT);
            assertAllGone(h);
        }
    }

    @Test
    void cancelEndsTheWholeProcessTree() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300")
                        .text("busy")
                        .hang())) {
            String id = h.client.submit(h.url(), TaskRequest.of("x")).taskId();
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "grandchild started",
                            () -> !h.claude.grandchildPids().isEmpty());

            Task cancelled = h.client.cancel(h.url(), id);

            assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
            assertThat(cancelled.error().type()).isEqualTo(TaskErrorType.CANCELLED);
            assertAllGone(h);
            assertThat(h.status().state()).isEqualTo("idle");
        }
    }

    @Test
    void aBackgroundJobLeftByAFinishedRunIsEnded() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300 >/dev/null 2>&1")
                        .success("done"))) {
            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertAllGone(h);
        }
    }

    @Test
    void aCliThatLingersAfterItsResultIsEnded() throws Exception {
        try (AgentHarness h = AgentHarness.start(
                dir, List.of(), FakeRun.create().init().success("done").hang())) {
            Task done = h.awaitEnd(h.client.submit(h.url(), TaskRequest.of("x")).taskId());

            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.output()).isEqualTo("done");
        }
    }

    private static void assertAllGone(AgentHarness h) {
        h.awaitNoRunProcesses();
    }
}
