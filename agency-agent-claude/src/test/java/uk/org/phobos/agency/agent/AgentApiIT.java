package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.ServerSentEvent;
import uk.org.phobos.agency.core.tls.FleetTrust;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.streamjson.TokenUsage;

/** The agent's HTTP API, black-box, against the real jar and a fake CLI that succeeds with a tool call. */
class AgentApiIT {
    @TempDir
    static Path dir;

    static AgentHarness harness;
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @BeforeAll
    static void start() throws Exception {
        harness = AgentHarness.start(
                dir,
                List.of(),
                FakeRun.create()
                        .init()
                        .text("Let me look.")
                        .bash("toolu_1", "ls -la")
                        .toolResult("toolu_1", "total 0", false)
                        .success("All done: listed the folder."));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void statusShowsAnIdleAgentWithItsRunner() {
        var status = harness.status();

        assertThat(status.type().wireName()).isEqualTo("agent");
        assertThat(status.interfaces()).extracting(Enum::name).contains("STATUSABLE", "TASKABLE", "OBSERVABLE");
        assertThat(status.details()).containsKey("current_task");
        @SuppressWarnings("unchecked")
        Map<String, Object> runner = (Map<String, Object>) status.details().get("runner");
        assertThat(runner).containsEntry("kind", "claude");
        assertThat((String) runner.get("version")).startsWith("2.1.332");
        assertThat(status.config()).containsKeys("model", "max_turns", "timeout_seconds", "session_root");
    }

    @Test
    void aTaskRunsToCompletionWithStepsUsageAndHistory() {
        TaskCreated created = harness.client.submit(
                harness.url(),
                new TaskRequest("list the folder", null, null, null, null, null, null, TaskSource.CLI, "ref-1"));

        Task done = harness.awaitEnd(created.taskId());

        assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(done.output()).isEqualTo("All done: listed the folder.");
        assertThat(done.exitCode()).isZero();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.source()).isEqualTo(TaskSource.CLI);
        assertThat(done.sourceRef()).isEqualTo("ref-1");
        assertThat(done.completedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(done.numTurns()).isPositive();
        // The fake's result reports SMALL tokens per turn and 0.000105 USD per turn; the task carries them.
        assertThat(done.usage().inputTokens()).isEqualTo(TokenUsage.SMALL.inputTokens() * done.numTurns());
        assertThat(done.usage().outputTokens()).isEqualTo(TokenUsage.SMALL.outputTokens() * done.numTurns());
        assertThat(done.costUsd()).isCloseTo(0.000105 * done.numTurns(), within(1e-9));
        assertThat(done.steps()).extracting(Step::type).contains("text", "tool_call");
        Step tool = done.steps().stream()
                .filter(s -> "tool_call".equals(s.type()))
                .findFirst()
                .orElseThrow();
        assertThat(tool.tool()).isEqualTo("Bash");
        assertThat(tool.inputPreview()).contains("ls -la");
        assertThat(tool.outputPreview()).isEqualTo("total 0");
        assertThat(tool.isError()).isFalse();

        Map<?, ?> tasks = harness.client.get(harness.url(), "/tasks", Map.class);
        assertThat((List<?>) tasks.get("tasks")).isNotEmpty();
        HistoryPage<Task> page = harness.client.history(harness.url(), 1, 20);
        assertThat(page.entries()).extracting(Task::taskId).contains(created.taskId());
        List<String> debug = debugLines(created.taskId());
        assertThat(debug).anySatisfy(line -> assertThat(line).contains("\"type\":\"result\""));
    }

    @Test
    void theCliIsRunExactlyAsTheSpecSays() throws Exception {
        TaskCreated created =
                harness.client.submit(harness.url(), TaskRequest.of("--help me: a prompt that looks like a flag"));
        harness.awaitEnd(created.taskId());

        FakeInvocation call = lastInvocation();
        List<String> args = call.args();

        assertThat(args.subList(0, 5)).containsExactly("-p", "--output-format", "stream-json", "--verbose", "--model");
        assertThat(call.option("--max-turns")).hasValue("100");
        assertThat(call.hasFlag("--dangerously-skip-permissions")).isTrue();
        assertThat(call.option("--session-id")).hasValue(created.sessionId());
        assertThat(call.option("--append-system-prompt").orElseThrow())
                .contains("Never add AI")
                .contains("Co-Authored-By");
        assertThat(args.get(args.size() - 2)).isEqualTo("--");
        assertThat(args.get(args.size() - 1)).isEqualTo("--help me: a prompt that looks like a flag");
        assertThat(call.workingDirectory().getFileName().toString()).isEqualTo(created.sessionId());
        assertThat(call.env())
                .doesNotContainKeys("AGENCY_TOKEN_FILE", "CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "AGENCY_TOKEN");
    }

    @Test
    void aSecondTaskInTheSessionResumesItInTheSameDirectory() {
        TaskCreated first = harness.client.submit(harness.url(), TaskRequest.of("first"));
        harness.awaitEnd(first.taskId());
        Path firstDir = lastInvocation().workingDirectory();

        TaskCreated second = harness.client.submit(
                harness.url(),
                new TaskRequest(
                        "second", first.sessionId(), null, null, null, null, Map.of("MY_FLAG", "on"), null, null));
        harness.awaitEnd(second.taskId());
        FakeInvocation call = lastInvocation();

        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(call.option("--resume")).hasValue(first.sessionId());
        assertThat(call.option("--session-id")).isEmpty();
        assertThat(call.workingDirectory()).isEqualTo(firstDir);
        assertThat(call.env()).containsEntry("MY_FLAG", "on");

        Map<?, ?> session = harness.client.get(harness.url(), "/sessions/" + first.sessionId(), Map.class);
        assertThat((List<?>) session.get("tasks")).hasSize(2);
        Map<?, ?> sessions = harness.client.get(harness.url(), "/sessions", Map.class);
        assertThat((List<?>) sessions.get("sessions")).isNotEmpty();
    }

    @Test
    void sessionsAreValidatedAndUnknownOnesAre404() {
        assertThat(code(() -> harness.client.submit(
                        harness.url(), new TaskRequest("x", "never-seen", null, null, null, null, null, null, null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        for (String bad : List.of("..", "../etc", "a/b", "/abs", "x".repeat(129))) {
            assertThat(code(() -> harness.client.submit(
                            harness.url(), new TaskRequest("x", bad, null, null, null, null, null, null, null))))
                    .as(bad)
                    .isEqualTo(ErrorCode.VALIDATION_ERROR);
        }
        assertThat(code(() -> harness.client.get(harness.url(), "/sessions/never-seen", Map.class)))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aNamedNewSessionCanBeStarted() {
        TaskCreated created = harness.client.submit(
                harness.url(), new TaskRequest("start it", "my-feature", true, null, null, null, null, null, null));
        harness.awaitEnd(created.taskId());

        assertThat(created.sessionId()).isEqualTo("my-feature");
        assertThat(lastInvocation().option("--session-id"))
                .hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    @Test
    void badInputIs400NamingWhatToFix() {
        ApiException model = catchApi(() -> harness.client.submit(
                harness.url(), new TaskRequest("x", null, null, "gpt-4", null, null, null, null, null)));
        ApiException env = catchApi(() -> harness.client.submit(
                harness.url(), new TaskRequest("x", null, null, null, null, null, Map.of("BAD-KEY", "1"), null, null)));
        ApiException secret = catchApi(() -> harness.client.submit(
                harness.url(),
                new TaskRequest("x", null, null, null, null, null, Map.of("AGENCY_TOKEN", "1"), null, null)));

        assertThat(model.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(model.getMessage()).contains("gpt-4").contains("sonnet");
        assertThat(env.getMessage()).contains("BAD-KEY");
        assertThat(secret.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(secret.getMessage()).contains("AGENCY_TOKEN");
    }

    @Test
    void historyPaginationRefusesBadPagesAndLimits() throws Exception {
        for (String query : List.of("page=0", "page=x", "limit=0", "limit=101", "limit=-1")) {
            HttpResponse<String> response = raw("/history?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(mapper.readTree(response.body()).get("error").asText()).isEqualTo("validation_error");
        }
        assertThat(raw("/history/no-such-task").statusCode()).isEqualTo(404);
        assertThat(raw("/history/no-such-task/debug").statusCode()).isEqualTo(404);
    }

    @Test
    void eventsStreamTheTaskAndReplayAfterLastEventId() {
        TaskCreated created = harness.client.submit(harness.url(), TaskRequest.of("watch"));
        List<ServerSentEvent> all = new ArrayList<>();
        harness.client.streamEvents(
                harness.url(), created.taskId(), null, event -> all.add(event) && !"end".equals(event.event()));

        assertThat(all)
                .extracting(ServerSentEvent::event)
                .contains("state", "init", "text", "tool_call", "tool_result", "result", "end");
        ServerSentEvent last = all.get(all.size() - 2);
        assertThat(last.event()).isEqualTo("state");
        assertThat(last.data()).contains("completed");

        String middle = all.get(2).id();
        List<ServerSentEvent> replay = new ArrayList<>();
        harness.client.streamEvents(
                harness.url(), created.taskId(), middle, event -> replay.add(event) && !"end".equals(event.event()));
        assertThat(replay.get(0).id()).isEqualTo(Long.toString(Long.parseLong(middle) + 1));
        assertThat(replay).hasSize(all.size() - 3);
    }

    @Test
    void cancellingAnEndedTaskIs409WithItsFinalState() {
        TaskCreated created = harness.client.submit(harness.url(), TaskRequest.of("quick"));
        harness.awaitEnd(created.taskId());

        ApiException refused = catchApi(() -> harness.client.cancel(harness.url(), created.taskId()));

        assertThat(refused.code()).isEqualTo(ErrorCode.ALREADY_COMPLETED);
        assertThat(refused.error().details()).containsEntry("final_state", "completed");
        assertThat(code(() -> harness.client.cancel(harness.url(), "no-such-task")))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    private FakeInvocation lastInvocation() {
        List<FakeInvocation> calls = harness.claude.invocations();
        return calls.get(calls.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private List<String> debugLines(String taskId) {
        Map<String, Object> debug = harness.client.get(harness.url(), "/history/" + taskId + "/debug", Map.class);
        return (List<String>) debug.get("lines");
    }

    private HttpResponse<String> raw(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(FleetTrust.fromTlsDir(harness.root.resolve("tls")).sslContext())
                .build();
        return http.send(
                HttpRequest.newBuilder(URI.create(harness.url() + path))
                        .header("Authorization", "Bearer " + harness.agent.token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ErrorCode code(Runnable call) {
        return catchApi(call).code();
    }

    static ApiException catchApi(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an error envelope");
    }
}
