package uk.org.phobos.agency.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.testkit.net.FreePorts;

/**
 * {@code ag task --via-web}: through the web view's internal API (SPEC.md section 6) with {@code source: cli},
 * and straight to an agent only when the web view cannot be reached. Both are WireMock stand-ins over HTTPS
 * with certificates from the test fleet's CA.
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
