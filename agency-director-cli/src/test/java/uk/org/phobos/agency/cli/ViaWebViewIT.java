package uk.org.phobos.agency.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.testkit.net.FreePorts;

/**
 * {@code ag task --via-web}: through the web view's internal API (SPEC.md section 6) with {@code source: cli},
 * and straight to an agent only when the web view cannot be reached (no connection); never when it was reached
 * and may have the task. Queued tasks ({@code 202} with a queue id) are followed through the web view. Both
 * are WireMock stand-ins over HTTPS with certificates from the test fleet's CA, answering as the real web view
 * does (docs/web.md, "The internal API").
 */
class ViaWebViewIT {
    private static final String TOKEN = "test-fleet-token";

    @TempDir
    Path dir;

    private HttpsStandIn web;
    private HttpsStandIn agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        AgencyHome home = new AgencyHome(dir.resolve("agency"));
        web = HttpsStandIn.start(home, "web-view", dir);
        agent = HttpsStandIn.start(home, "agent", dir);
        cli = new CliRunner(home.root()).env("AGENCY_TOKEN", TOKEN);
    }

    @AfterEach
    void stop() {
        web.close();
        agent.close();
    }

    @Test
    void theTaskGoesThroughTheWebViewWithSourceCli() {
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(okJson("{\"task_id\":\"w-1\",\"session_id\":\"s-1\",\"state\":\"queued\"}")
                        .withStatus(201)));
        web.server.stubFor(
                get(urlEqualTo("/api/task/w-1")).willReturn(okJson(task("w-1", "Answer via the web view."))));

        CliResult result = cli.run("task", "fix it", "--via-web", web.url().toString(), "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Answer via the web view.\n");
        assertThat(result.err()).isEmpty();
        web.server.verify(postRequestedFor(urlEqualTo("/api/task"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"prompt\":\"fix it\",\"source\":\"cli\"}")));
    }

    @Test
    void whenTheWebViewNamesTheAgentTheTaskIsFollowedThere() {
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(okJson("{\"task_id\":\"w-2\",\"session_id\":\"s-2\",\"state\":\"working\",\"agent_url\":\""
                                + agent.url() + "\"}")
                        .withStatus(201)));
        stubAgentTask("w-2", "Answer from the agent.");

        CliResult result = cli.run("task", "fix it", "--via-web", web.url().toString(), "--follow");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("→ Bash  make test")
                .contains("Answer from the agent.")
                .contains("✓ completed");
    }

    @Test
    void anUnreachableWebViewFallsBackToTheAgentAndSaysSo() {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it
        agent.server.stubFor(post(urlEqualTo("/task"))
                .willReturn(okJson("{\"task_id\":\"a-1\",\"session_id\":\"s-3\",\"state\":\"working\"}")
                        .withStatus(201)));
        stubAgentTask("a-1", "Answer without the web view.");

        CliResult result = cli.run(
                "task",
                "fix it",
                "--via-web",
                "https://127.0.0.1:" + closed,
                "--agent",
                agent.url().toString(),
                "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Answer without the web view.\n");
        assertThat(result.err())
                .contains("the web view cannot be reached")
                .contains("127.0.0.1:" + closed)
                .contains("sending the task to an agent directly");
        agent.server.verify(
                postRequestedFor(urlEqualTo("/task")).withRequestBody(matchingJsonPath("$.source", equalTo("cli"))));
    }

    @Test
    void aRefusalFromTheWebViewIsFinal() {
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"missing or wrong fleet token\"}")));

        CliResult result = cli.run(
                "task",
                "fix it",
                "--via-web",
                web.url().toString(),
                "--agent",
                agent.url().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(web.url() + " refused the fleet token");
        assertThat(agent.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aQueuedFollowUpIsFollowedThroughTheWebViewUntilItEnds() {
        // The real web view: a follow-up whose agent is busy waits in the queue. The answer carries the
        // queue's id as task_id and the agent the session is pinned to, which does not know that id.
        String queueId = "q-3b0c6f1e-2d7a-4c1e-9a51-0f6e2b8d4c11";
        String agentTaskId = "7f3e9c2a-51d4-4b8e-a0c6-2e9d1b7f5a34";
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(
                        okJson(queued(queueId, "s-9", agent.url().toString())).withStatus(202)));
        stubWebViewProgress(
                queueId,
                webViewQueued(queueId, "s-9"),
                agentTask(agentTaskId, "s-9", "working", null),
                agentTask(agentTaskId, "s-9", "completed", "Answer after the queue."));
        agent.server.stubFor(get(urlMatching("/task/.*")).willReturn(notFound("no task with id 'q-...'")));

        CliResult result =
                cli.run("task", "and now the docs", "--via-web", web.url().toString(), "--session", "s-9", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Answer after the queue.\n");
        assertThat(result.err()).isEmpty();
        web.server.verify(postRequestedFor(urlEqualTo("/api/task"))
                .withRequestBody(
                        equalToJson("{\"prompt\":\"and now the docs\",\"session_id\":\"s-9\",\"source\":\"cli\"}")));
        web.server.verify(3, getRequestedFor(urlEqualTo("/api/task/" + queueId)));
        assertThat(agent.server.getAllServeEvents())
                .as("the agent is never asked for the queue id")
                .isEmpty();
    }

    @Test
    void aQueuedTaskIsFollowedOnItsAgentOnceTheWebViewNamesItAndTheAgentsTaskId() {
        String queueId = "q-8d2f4a6b-1c3e-4f5a-9b7d-2e4f6a8c0b13";
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(okJson(queued(queueId, "s-10", null)).withStatus(202)));
        stubWebViewProgress(
                queueId,
                webViewQueued(queueId, "s-10"),
                "{\"task_id\":\"a-8\",\"session_id\":\"s-10\",\"state\":\"working\",\"agent_url\":\"" + agent.url()
                        + "\"}");
        stubAgentTask("a-8", "Answer from the agent after the queue.");

        CliResult result = cli.run("task", "fix it", "--via-web", web.url().toString(), "--follow");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("queued")
                .contains("→ Bash  make test")
                .contains("Answer from the agent after the queue.")
                .contains("✓ completed");
        agent.server.verify(0, getRequestedFor(urlMatching("/task/q-.*")));
        agent.server.verify(getRequestedFor(urlEqualTo("/task/a-8/events")));
    }

    @Test
    void aTaskItsNamedAgentDoesNotKnowIsFollowedThroughTheWebView() {
        // e.g. a web view on another machine: the agent_url it names is not the one this machine reaches
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(okJson("{\"task_id\":\"a-11\",\"session_id\":\"s-11\",\"state\":\"working\","
                                + "\"agent_url\":\"" + agent.url() + "\",\"agent_name\":\"agent-9000\"}")
                        .withStatus(201)));
        agent.server.stubFor(get(urlMatching("/task/a-11.*")).willReturn(notFound("no task with id 'a-11'")));
        web.server.stubFor(get(urlEqualTo("/api/task/a-11"))
                .willReturn(okJson(agentTask("a-11", "s-11", "completed", "Answer via the web view."))));

        CliResult result = cli.run("task", "fix it", "--via-web", web.url().toString(), "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Answer via the web view.\n");
        agent.server.verify(getRequestedFor(urlEqualTo("/task/a-11/events")));
    }

    @Test
    void aWebViewThatResetsTheConnectionAfterThePostMayHaveTheTaskSoNoAgentGetsIt() {
        web.server.stubFor(
                post(urlEqualTo("/api/task")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        agent.server.stubFor(post(urlEqualTo("/task"))
                .willReturn(okJson("{\"task_id\":\"a-2\",\"session_id\":\"s-4\",\"state\":\"working\"}")
                        .withStatus(201)));

        CliResult result = cli.run(
                "task",
                "fix it",
                "--via-web",
                web.url().toString(),
                "--agent",
                agent.url().toString(),
                "--wait");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: no answer from " + web.url() + " to POST /api/task")
                .contains("may have accepted the task")
                .contains("ag history")
                .contains("dashboard")
                .doesNotContain("sending the task to an agent directly")
                .doesNotContain("Exception");
        web.server.verify(1, postRequestedFor(urlEqualTo("/api/task"))); // and not sent again by the JDK
        assertThat(agent.server.getAllServeEvents())
                .as("no fallback submission")
                .isEmpty();
    }

    @Test
    void aWebViewThatAnswersTooLateMayHaveTheTaskSoNoAgentGetsIt() {
        web.server.stubFor(post(urlEqualTo("/api/task"))
                .willReturn(
                        okJson(queued("q-late", "s-5", null)).withStatus(202).withFixedDelay(4000)));
        agent.server.stubFor(post(urlEqualTo("/task"))
                .willReturn(okJson("{\"task_id\":\"a-3\",\"session_id\":\"s-5\",\"state\":\"working\"}")
                        .withStatus(201)));

        CliResult result = cli.env(CliServices.ENV_READ_TIMEOUT, "1")
                .run(
                        "task",
                        "fix it",
                        "--via-web",
                        web.url().toString(),
                        "--agent",
                        agent.url().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: no answer from " + web.url() + " to POST /api/task (timed out after 1 s)")
                .contains("may have accepted the task")
                .contains("ag history");
        web.server.verify(1, postRequestedFor(urlEqualTo("/api/task")));
        assertThat(agent.server.getAllServeEvents())
                .as("no fallback submission")
                .isEmpty();
    }

    /** An agent's answer to an id it does not know. */
    private static ResponseDefinitionBuilder notFound(String message) {
        return aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"not_found\",\"message\":\"" + message + "\"}");
    }

    /** {@code GET /api/task/{id}} answering each of {@code answers} in turn, then the last one again. */
    private void stubWebViewProgress(String id, String... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i + 1 < answers.length ? "answer " + (i + 1) : state;
            web.server.stubFor(get(urlEqualTo("/api/task/" + id))
                    .inScenario(id)
                    .whenScenarioStateIs(state)
                    .willReturn(okJson(answers[i]))
                    .willSetStateTo(next));
            state = next;
        }
    }

    /** The web view's {@code 202} while a task waits (its {@code Accepted} record, nulls left out). */
    private static String queued(String queueId, String sessionId, String pinnedAgent) {
        return "{\"task_id\":\"" + queueId + "\",\"session_id\":\"" + sessionId + "\",\"state\":\"queued\","
                + (pinnedAgent == null ? "" : "\"agent_url\":\"" + pinnedAgent + "\",")
                + "\"queue_id\":\"" + queueId + "\",\"position\":1}";
    }

    /** {@code GET /api/task/{queue id}} while it waits: the queue entry shown as a task. */
    private static String webViewQueued(String queueId, String sessionId) {
        return "{\"task_id\":\"" + queueId + "\",\"session_id\":\"" + sessionId + "\",\"state\":\"queued\","
                + "\"prompt\":\"and now the docs\",\"source\":\"cli\",\"created_at\":\"2025-06-01T10:00:00Z\","
                + "\"steps\":[]}";
    }

    /** The agent's task as the web view relays it once an agent took it (no agent_url). */
    private static String agentTask(String taskId, String sessionId, String state, String output) {
        boolean done = output != null;
        return "{\"task_id\":\"" + taskId + "\",\"session_id\":\"" + sessionId + "\",\"state\":\"" + state
                + "\",\"prompt\":\"and now the docs\",\"model\":\"sonnet\",\"source\":\"cli\","
                + "\"created_at\":\"2025-06-01T10:00:05Z\",\"started_at\":\"2025-06-01T10:00:05Z\","
                + (done
                        ? "\"completed_at\":\"2025-06-01T10:00:09Z\",\"duration_seconds\":4.0,\"exit_code\":0,"
                                + "\"output\":\"" + output + "\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,"
                                + "\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0},"
                                + "\"cost_usd\":0.001,\"num_turns\":1,\"attempts\":1,"
                        : "")
                + "\"steps\":[]}";
    }

    private void stubAgentTask(String taskId, String answer) {
        agent.server.stubFor(get(urlEqualTo("/task/" + taskId + "/events"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("id: 1\nevent: state\ndata: {\"state\":\"working\"}\n\n"
                                + "id: 2\nevent: tool_call\ndata: {\"id\":\"t1\",\"tool\":\"Bash\",\"input\":{\"command\":\"make test\"}}\n\n"
                                + "id: 3\nevent: text\ndata: {\"text\":\"" + answer + "\"}\n\n"
                                + "id: 4\nevent: state\ndata: {\"state\":\"completed\"}\n\n"
                                + "event: end\ndata: {}\n\n")));
        agent.server.stubFor(get(urlEqualTo("/task/" + taskId)).willReturn(okJson(task(taskId, answer))));
    }

    private static String task(String taskId, String output) {
        return "{\"task_id\":\"" + taskId + "\",\"session_id\":\"s\",\"state\":\"completed\",\"prompt\":\"fix it\","
                + "\"output\":\"" + output + "\",\"duration_seconds\":1.5,\"num_turns\":1,\"cost_usd\":0.001}";
    }
}
