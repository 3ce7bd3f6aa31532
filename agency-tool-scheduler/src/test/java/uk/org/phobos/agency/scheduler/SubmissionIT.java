package uk.org.phobos.agency.scheduler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.scheduler.submit.Backoff;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.https.FleetWireMock;
import uk.org.phobos.agency.testkit.net.FreePorts;

/**
 * Runs submitted to HTTPS stand-ins of an agent and of the web view's internal API (WireMock with
 * certificates from the test's fleet CA; the scheduler verifies them as usual): routing, fallback,
 * busy agents, refusals, and following a task to its final state.
 */
class SubmissionIT {
    private static final String WORKING = "{\"task_id\": \"t-1\", \"session_id\": \"s-1\", \"state\": \"working\"}";

    @TempDir
    Path root;

    private FleetWireMock agent;
    private FleetWireMock web;
    private InProcessScheduler scheduler;

    @BeforeEach
    void standIns() {
        AgencyHome home = new AgencyHome(root);
        agent = FleetWireMock.start(home, "agent-stand-in");
        web = FleetWireMock.start(home, "web-stand-in");
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        agent.close();
        web.close();
    }

    private void startScheduler(URI webUrl, URI agentUrl) {
        startScheduler(webUrl, agentUrl, Duration.ofSeconds(10));
    }

    private void startScheduler(URI webUrl, URI agentUrl, Duration requestTimeout) {
        scheduler = new InProcessScheduler(
                root,
                config -> new SchedulerConfig(
                        null,
                        webUrl,
                        agentUrl,
                        null,
                        config.watchInterval(),
                        new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
                        config.giveUpAfter(),
                        config.workers(),
                        config.clock(),
                        config.hostZone()),
                requestTimeout);
        assertThat(scheduler.post("/jobs", """
                {"name": "nightly", "schedule": "0 3 * * *", "prompt": "tidy up", "model": "sonnet",
                 "timeout_seconds": 600}""").status()).isEqualTo(201);
    }

    /** POST gives a working task; the first GET says working, the next ones completed. */
    private static void taskRunsThenCompletes(WireMockServer server, String submitPath, String taskPath) {
        server.stubFor(post(urlEqualTo(submitPath)).willReturn(json(201, WORKING)));
        server.stubFor(get(urlEqualTo(taskPath))
                .inScenario("task")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"task_id\": \"t-1\", \"state\": \"working\"}"))
                .willSetStateTo("done"));
        server.stubFor(get(urlEqualTo(taskPath))
                .inScenario("task")
                .whenScenarioStateIs("done")
                .willReturn(json(200, "{\"task_id\": \"t-1\", \"state\": \"completed\", \"exit_code\": 0}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private JsonNode runAndSettle() {
        assertThat(scheduler.post("/jobs/nightly/run", "").status()).isEqualTo(202);
        return scheduler.awaitLatestRun(
                "nightly", run -> run.get("status").asText().equals("done"));
    }

    @Test
    void aRunSubmittedToAnAgentIsFollowedToItsFinalState() {
        taskRunsThenCompletes(agent.server(), "/task", "/task/t-1");
        startScheduler(null, agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("submitted");
        assertThat(run.get("final_state").asText()).isEqualTo("completed");
        assertThat(run.get("task_id").asText()).isEqualTo("t-1");
        assertThat(run.get("session_id").asText()).isEqualTo("s-1");
        assertThat(run.get("via").asText()).isEqualTo("agent");
        assertThat(run.get("agent_url").asText()).isEqualTo(agent.baseUri().toString());
        assertThat(run.get("task_url").asText()).isEqualTo(agent.baseUri() + "/task/t-1");
        assertThat(run.has("fallback_reason")).isFalse();
        assertThat(run.get("started_at").asText()).endsWith("Z");
        agent.server()
                .verify(postRequestedFor(urlEqualTo("/task"))
                        .withHeader("Authorization", equalTo("Bearer " + InProcessScheduler.TOKEN))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(matchingJsonPath("$.prompt", equalTo("tidy up")))
                        .withRequestBody(matchingJsonPath("$.model", equalTo("sonnet")))
                        .withRequestBody(matchingJsonPath("$.timeout_seconds", equalTo("600")))
                        .withRequestBody(matchingJsonPath("$.source", equalTo("scheduler")))
                        .withRequestBody(matchingJsonPath("$.source_ref", equalTo("nightly"))));
        JsonNode history = scheduler.get("/history").body();
        assertThat(history.get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aBusyAgentIsSkippedBusy() {
        agent.server()
                .stubFor(post(urlEqualTo("/task"))
                        .willReturn(json(
                                409, "{\"error\": \"agent_busy\", \"message\": \"busy\", \"current_task\": \"t-0\"}")));
        startScheduler(null, agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("skipped_busy");
        assertThat(run.get("error").asText()).contains("409 agent_busy: busy");
        assertThat(run.has("final_state")).isFalse();
    }

    @Test
    void withAWebViewTheRunGoesThroughItsInternalApi() {
        taskRunsThenCompletes(web.server(), "/api/task", "/api/task/t-1");
        startScheduler(web.baseUri(), agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("via").asText()).isEqualTo("web");
        assertThat(run.get("final_state").asText()).isEqualTo("completed");
        assertThat(run.get("task_url").asText()).isEqualTo(web.baseUri() + "/api/task/t-1");
        web.server()
                .verify(postRequestedFor(urlEqualTo("/api/task"))
                        .withHeader("Authorization", equalTo("Bearer " + InProcessScheduler.TOKEN))
                        .withRequestBody(matchingJsonPath("$.source", equalTo("scheduler")))
                        .withRequestBody(matchingJsonPath("$.source_ref", equalTo("nightly"))));
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void whenTheWebViewCannotBeReachedTheRunFallsBackToTheAgentAndSaysSo() {
        taskRunsThenCompletes(agent.server(), "/task", "/task/t-1");
        // From below the ephemeral range: a port 0 bind later in the test (the scheduler's own) cannot get it.
        URI closed = URI.create(
                "https://127.0.0.1:" + new FreePorts().contiguousRange(1).first());
        startScheduler(closed, agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("submitted");
        assertThat(run.get("via").asText()).isEqualTo("agent");
        assertThat(run.get("fallback_reason").asText()).contains("cannot reach " + closed);
        assertThat(run.get("final_state").asText()).isEqualTo("completed");
    }

    @Test
    void aRefusalFromTheWebViewIsAnErrorNotAReasonToFallBack() {
        web.server()
                .stubFor(post(urlEqualTo("/api/task"))
                        .willReturn(
                                json(400, "{\"error\": \"validation_error\", \"message\": \"model not allowed\"}")));
        startScheduler(web.baseUri(), agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(run.get("error").asText())
                .contains("the web view " + web.baseUri())
                .contains("400 validation_error: model not allowed");
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aSlowTargetDoesNotHoldUpOtherJobs() {
        agent.server()
                .stubFor(post(urlEqualTo("/task")).willReturn(json(201, WORKING).withFixedDelay(5000)));
        taskRunsThenCompletes(web.server(), "/task", "/task/t-1");
        startScheduler(null, agent.baseUri());
        scheduler.post(
                "/jobs",
                "{\"name\": \"quick\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"agent_url\": \"" + web.baseUri()
                        + "\"}");

        CompletableFuture<InProcessScheduler.Reply> slow =
                CompletableFuture.supplyAsync(() -> scheduler.post("/jobs/nightly/run", ""));
        Deadline.after(Duration.ofSeconds(5))
                .await(
                        "the slow run to be submitting",
                        () -> scheduler
                                        .get("/jobs/nightly/runs")
                                        .body()
                                        .get("runs")
                                        .size()
                                == 1);
        scheduler.post("/jobs/quick/run", "");

        JsonNode quick =
                scheduler.awaitLatestRun("quick", r -> r.get("status").asText().equals("done"));
        assertThat(quick.get("final_state").asText()).isEqualTo("completed");
        assertThat(scheduler
                        .get("/jobs/nightly/runs")
                        .body()
                        .get("runs")
                        .get(0)
                        .get("status")
                        .asText())
                .isEqualTo("submitting");
        assertThat(scheduler.get("/status").body().get("state").asText()).isEqualTo("running");
        slow.join();
    }

    /**
     * The web view was reached and the request went out, but no answer came: it may have queued or started
     * the task, so sending it to the agent as well could run it twice. The run says so and stops there.
     */
    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void aWebViewThatBreaksTheConnectionAfterThePostIsNotGoneRound(Fault fault) {
        taskRunsThenCompletes(agent.server(), "/task", "/task/t-1");
        web.server()
                .stubFor(post(urlEqualTo("/api/task")).willReturn(aResponse().withFault(fault)));
        startScheduler(web.baseUri(), agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(run.get("error").asText())
                .contains("the web view " + web.baseUri())
                .contains("may have accepted the task")
                .contains("not sent to an agent");
        assertThat(run.has("fallback_reason")).isFalse();
        assertThat(run.has("task_id")).isFalse();
        web.server().verify(1, postRequestedFor(urlEqualTo("/api/task")));
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aWebViewThatAnswersTooLateIsNotGoneRound() {
        taskRunsThenCompletes(agent.server(), "/task", "/task/t-1");
        web.server()
                .stubFor(post(urlEqualTo("/api/task"))
                        .willReturn(json(201, WORKING).withFixedDelay(3000)));
        startScheduler(web.baseUri(), agent.baseUri(), Duration.ofMillis(500));

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(run.get("error").asText()).contains("no answer within 500ms").contains("may have accepted the task");
        assertThat(run.has("fallback_reason")).isFalse();
        web.server().verify(1, postRequestedFor(urlEqualTo("/api/task")));
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aJobThatNamesAnAgentAsksTheWebViewForThatAgent() {
        web.server()
                .stubFor(post(urlEqualTo("/api/task"))
                        .willReturn(json(
                                201,
                                "{\"task_id\": \"t-1\", \"session_id\": \"s-1\", \"state\": \"working\", "
                                        + "\"agent_url\": \"" + agent.baseUri() + "\", \"agent_name\": \"agent-1\"}")));
        web.server()
                .stubFor(get(urlEqualTo("/api/task/t-1"))
                        .willReturn(json(200, "{\"task_id\": \"t-1\", \"state\": \"completed\"}")));
        startScheduler(web.baseUri(), null);
        assertThat(scheduler
                        .post(
                                "/jobs",
                                "{\"name\": \"pinned\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"agent_url\": \""
                                        + agent.baseUri() + "\"}")
                        .status())
                .isEqualTo(201);

        assertThat(scheduler.post("/jobs/pinned/run", "").status()).isEqualTo(202);
        JsonNode pinned =
                scheduler.awaitLatestRun("pinned", r -> r.get("status").asText().equals("done"));
        JsonNode anyAgent = runAndSettle();

        web.server()
                .verify(postRequestedFor(urlEqualTo("/api/task"))
                        .withRequestBody(matchingJsonPath("$.source_ref", equalTo("pinned")))
                        .withRequestBody(matchingJsonPath(
                                "$.agent", equalTo(agent.baseUri().toString())))
                        .withRequestBody(matchingJsonPath("$.queue", equalTo("true"))));
        web.server()
                .verify(postRequestedFor(urlEqualTo("/api/task"))
                        .withRequestBody(matchingJsonPath("$.source_ref", equalTo("nightly")))
                        .withRequestBody(notContaining("\"agent\""))
                        .withRequestBody(notContaining("\"queue\"")));
        assertThat(pinned.get("via").asText()).isEqualTo("web");
        assertThat(pinned.get("agent_url").asText()).isEqualTo(agent.baseUri().toString());
        assertThat(pinned.get("final_state").asText()).isEqualTo("completed");
        assertThat(anyAgent.get("final_state").asText()).isEqualTo("completed");
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aTaskTheWebViewQueuedShowsTheAgentsTaskOnceAnAgentTookIt() {
        web.server()
                .stubFor(post(urlEqualTo("/api/task"))
                        .willReturn(json(
                                202,
                                "{\"task_id\": \"q-7\", \"session_id\": \"s-7\", \"state\": \"queued\", "
                                        + "\"queue_id\": \"q-7\", \"position\": 1}")));
        web.server()
                .stubFor(get(urlEqualTo("/api/task/q-7"))
                        .inScenario("queue")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(json(200, "{\"task_id\": \"q-7\", \"session_id\": \"s-7\", \"state\": \"queued\"}"))
                        .willSetStateTo("taken"));
        web.server()
                .stubFor(get(urlEqualTo("/api/task/q-7"))
                        .inScenario("queue")
                        .whenScenarioStateIs("taken")
                        .willReturn(
                                json(200, "{\"task_id\": \"t-9\", \"session_id\": \"s-7\", \"state\": \"working\"}")));
        web.server()
                .stubFor(get(urlEqualTo("/api/task/t-9"))
                        .willReturn(json(
                                200, "{\"task_id\": \"t-9\", \"session_id\": \"s-7\", \"state\": \"completed\"}")));
        web.server()
                .stubFor(get(urlEqualTo("/api/sessions/s-7"))
                        .willReturn(json(
                                200,
                                "{\"session_id\": \"s-7\", \"agent_name\": \"agent-1\", \"agent_url\": \""
                                        + agent.baseUri() + "\", \"task_count\": 1, \"tasks\": []}")));
        startScheduler(web.baseUri(), agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("outcome").asText()).isEqualTo("submitted");
        assertThat(run.get("final_state").asText()).isEqualTo("completed");
        assertThat(run.get("via").asText()).isEqualTo("web");
        assertThat(run.get("task_id").asText()).isEqualTo("t-9");
        assertThat(run.get("queue_id").asText()).isEqualTo("q-7");
        assertThat(run.get("session_id").asText()).isEqualTo("s-7");
        assertThat(run.get("agent_url").asText()).isEqualTo(agent.baseUri().toString());
        assertThat(run.get("task_url").asText()).isEqualTo(web.baseUri() + "/api/task/t-9");
        JsonNode listed = scheduler.get("/jobs/nightly/runs").body().get("runs").get(0);
        assertThat(listed.get("task_id").asText()).isEqualTo("t-9");
        assertThat(agent.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aQueuedTaskThatEndedBeforeTheFirstPollStillShowsTheAgentsTask() {
        web.server()
                .stubFor(post(urlEqualTo("/api/task"))
                        .willReturn(json(
                                202,
                                "{\"task_id\": \"q-8\", \"session_id\": \"s-8\", \"state\": \"queued\", "
                                        + "\"queue_id\": \"q-8\", \"position\": 3}")));
        web.server()
                .stubFor(get(urlEqualTo("/api/task/q-8"))
                        .willReturn(json(
                                200,
                                "{\"task_id\": \"t-10\", \"session_id\": \"s-8\", \"state\": \"failed\", "
                                        + "\"error\": {\"type\": \"claude_error\", \"message\": \"exit 1\"}}")));
        // No session lookup answer: the run still gets the agent's task id, just not its agent.
        startScheduler(web.baseUri(), agent.baseUri());

        JsonNode run = runAndSettle();

        assertThat(run.get("final_state").asText()).isEqualTo("failed");
        assertThat(run.get("task_id").asText()).isEqualTo("t-10");
        assertThat(run.get("queue_id").asText()).isEqualTo("q-8");
        assertThat(run.has("agent_url")).isFalse();
        assertThat(run.get("error").asText()).contains("exit 1");
    }
}
