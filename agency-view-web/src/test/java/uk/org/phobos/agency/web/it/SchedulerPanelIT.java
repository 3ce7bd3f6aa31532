package uk.org.phobos.agency.web.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * The scheduler panel against a stand-in for the scheduler's REST API (SPEC.md section 5): WireMock
 * over HTTPS with a certificate from the fleet's CA, so discovery finds it like the real one.
 */
class SchedulerPanelIT {
    private static final String JOBS = """
            {"jobs": [{"name": "nightly", "schedule": "0 2 * * *", "time_zone": "UTC", "prompt": "run the suite",
              "overlap": "skip", "enabled": true, "paused": false, "next_run_at": "2026-11-02T02:00:00Z",
              "last_run": {"run_id": "r1", "status": "finished", "outcome": "submitted",
                           "scheduled_for": "2026-11-01T02:00:00Z", "started_at": "2026-11-01T02:00:01Z",
                           "final_state": "completed"}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void jobsRunNowPauseAndResumeGoThroughTheDiscoveredScheduler() throws Exception {
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            int port = fleet.agentPorts.first();
            WireMockServer scheduler = schedulerStandIn(fleet.root, port);
            try {
                fleet.startWeb(true);
                BrowserClient browser = fleet.signedIn();
                uk.org.phobos.agency.testkit.Deadline.after(java.time.Duration.ofSeconds(20))
                        .await(
                                "the scheduler to be discovered",
                                () -> browser.getJson("/ui/api/scheduler")
                                        .path("available")
                                        .asBoolean());

                JsonNode panel = browser.getJson("/ui/api/scheduler");
                HttpResponse<String> run = browser.post("/ui/api/scheduler/jobs/nightly/run", Map.of());
                HttpResponse<String> pause = browser.post("/ui/api/scheduler/jobs/nightly/pause", Map.of());
                HttpResponse<String> resume = browser.post("/ui/api/scheduler/jobs/nightly/resume", Map.of());
                HttpResponse<String> runs = browser.get("/ui/api/scheduler/jobs/nightly/runs");
                HttpResponse<String> other = browser.post("/ui/api/scheduler/jobs/nightly/delete", Map.of());
                HttpResponse<String> badName = browser.post("/ui/api/scheduler/jobs/..%2Fshutdown/run", Map.of());

                assertThat(panel.path("name").asText()).isEqualTo("scheduler-" + port);
                assertThat(panel.path("jobs").get(0).path("name").asText()).isEqualTo("nightly");
                assertThat(panel.path("jobs")
                                .get(0)
                                .path("last_run")
                                .path("outcome")
                                .asText())
                        .isEqualTo("submitted");
                assertThat(run.statusCode()).isEqualTo(200);
                assertThat(browser.read(run.body()).path("outcome").asText()).isEqualTo("submitted");
                assertThat(browser.read(pause.body()).path("paused").asBoolean())
                        .isTrue();
                assertThat(browser.read(resume.body()).path("paused").asBoolean())
                        .isFalse();
                assertThat(browser.read(runs.body())
                                .path("runs")
                                .get(0)
                                .path("run_id")
                                .asText())
                        .isEqualTo("r1");
                assertThat(other.statusCode()).isEqualTo(404);
                assertThat(badName.statusCode()).isIn(400, 404);
                String token = fleet.web.token();
                for (String action : List.of("run", "pause", "resume")) {
                    scheduler.verify(
                            1,
                            postRequestedFor(urlEqualTo("/jobs/nightly/" + action))
                                    .withHeader("Authorization", equalTo("Bearer " + token)));
                }
                scheduler.verify(0, postRequestedFor(urlEqualTo("/shutdown")));
            } finally {
                scheduler.stop();
            }
        }
    }

    private static WireMockServer schedulerStandIn(Path root, int port) throws Exception {
        ServerKeyStore keys = FleetTls.open(new AgencyHome(root))
                .serverIdentity("scheduler-standin", List.of())
                .toKeyStore();
        Path keystore = root.resolve("scheduler-standin.p12");
        char[] password = keys.password();
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(null, null);
        pkcs12.setKeyEntry(
                ServerKeyStore.ALIAS,
                keys.keyStore().getKey(ServerKeyStore.ALIAS, password),
                password,
                keys.keyStore().getCertificateChain(ServerKeyStore.ALIAS));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            pkcs12.store(out, password);
        }
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .httpsPort(port)
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(new String(password))
                .keyManagerPassword(new String(password)));
        server.start();
        String status = "{\"type\":\"helper\",\"name\":\"scheduler-" + port + "\",\"interfaces\":[\"statusable\","
                + "\"observable\",\"configurable\"],\"version\":\"test\",\"state\":\"idle\",\"started_at\":"
                + "\"2026-11-01T00:00:00Z\",\"uptime_seconds\":5,\"config\":{}}";
        server.stubFor(get(urlEqualTo("/status")).willReturn(json(status)));
        server.stubFor(get(urlEqualTo("/jobs")).willReturn(json(JOBS)));
        server.stubFor(post(urlEqualTo("/jobs/nightly/run"))
                .willReturn(json("{\"run_id\":\"r2\",\"status\":\"submitted\",\"outcome\":\"submitted\"}")));
        server.stubFor(
                post(urlEqualTo("/jobs/nightly/pause")).willReturn(json("{\"name\":\"nightly\",\"paused\":true}")));
        server.stubFor(
                post(urlEqualTo("/jobs/nightly/resume")).willReturn(json("{\"name\":\"nightly\",\"paused\":false}")));
        server.stubFor(get(urlEqualTo("/jobs/nightly/runs"))
                .willReturn(json("{\"job\":\"nightly\",\"runs\":[{\"run_id\":\"r1\",\"outcome\":\"submitted\"}]}")));
        return server;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
