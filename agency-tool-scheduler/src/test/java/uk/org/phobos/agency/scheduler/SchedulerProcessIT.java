package uk.org.phobos.agency.scheduler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.https.FleetWireMock;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** The fat jar as a process: it serves, and API jobs, pause state and run history survive a restart. */
class SchedulerProcessIT {
    @TempDir
    Path root;

    private FleetWireMock agent;

    @BeforeEach
    void agentStandIn() {
        agent = FleetWireMock.start(new AgencyHome(root), "agent-stand-in");
        agent.server()
                .stubFor(post(urlEqualTo("/task"))
                        .willReturn(
                                json(201, "{\"task_id\": \"t-9\", \"session_id\": \"s-9\", \"state\": \"working\"}")));
        agent.server()
                .stubFor(get(urlEqualTo("/task/t-9"))
                        .willReturn(json(200, "{\"task_id\": \"t-9\", \"state\": \"completed\"}")));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private ServiceProcess start(int port) throws Exception {
        return ServiceProcess.of(ServiceJar.SCHEDULER)
                .agencyRoot(root)
                .args(
                        "--port",
                        Integer.toString(port),
                        "--agent-url",
                        agent.baseUri().toString(),
                        "--log-format",
                        "json")
                .start();
    }

    @Test
    void apiJobsPauseAndHistorySurviveARestart() throws Exception {
        int port = new FreePorts().pick();
        try (ServiceProcess first = start(port)) {
            assertThat(first.url()).isEqualTo(URI.create("https://127.0.0.1:" + port));
            AgencyClient client = first.client();
            StatusReport status = client.status(first.url());
            assertThat(status.name()).isEqualTo("scheduler-" + port);
            assertThat(status.config())
                    .containsEntry("agent_url", agent.baseUri().toString());

            client.send(
                    first.url(),
                    "POST",
                    "/jobs",
                    Map.of("name", "kept", "schedule", "@daily", "prompt", "p"),
                    JsonNode.class);
            client.send(first.url(), "POST", "/jobs/kept/run", Map.of(), JsonNode.class);
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "the run to complete",
                            () -> "completed"
                                    .equals(latestRun(client, first.url())
                                            .path("final_state")
                                            .asText()));
            client.send(first.url(), "POST", "/jobs/kept/pause", Map.of(), JsonNode.class);
        }

        try (ServiceProcess second = start(port)) {
            AgencyClient client = second.client();
            JsonNode job = client.get(second.url(), "/jobs/kept", JsonNode.class);
            assertThat(job.get("origin").asText()).isEqualTo("api");
            assertThat(job.get("paused").asBoolean()).isTrue();
            JsonNode run = latestRun(client, second.url());
            assertThat(run.get("outcome").asText()).isEqualTo("submitted");
            assertThat(run.get("final_state").asText()).isEqualTo("completed");
            assertThat(run.get("task_id").asText()).isEqualTo("t-9");
        }
    }

    @Test
    void helpDescribesTheOptionsWithExamples() throws Exception {
        try (LaunchedProcess help = ProcessLauncher.command(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        ServiceJar.SCHEDULER.path().toString(),
                        "--help")
                .start()) {
            assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
            help.stdout().awaitClosed(Duration.ofSeconds(10));
            assertThat(help.stdout().text())
                    .contains("--web-url", "--agent-url", "--config", "--history-limit", "Examples:", "jobs.yaml");
        }
    }

    private static JsonNode latestRun(AgencyClient client, URI base) {
        JsonNode runs = client.get(base, "/jobs/kept/runs", JsonNode.class).get("runs");
        return runs.isEmpty() ? MissingNode.getInstance() : runs.get(0);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
