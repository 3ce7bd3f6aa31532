package uk.org.phobos.agency.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;
import uk.org.phobos.agency.testkit.Deadline;

/**
 * A scheduler served in this JVM over real HTTPS (fleet CA, fleet token) with its state in a temp
 * {@code AGENCY_ROOT}, and a raw HTTP client to talk to it as any caller would.
 */
final class InProcessScheduler implements AutoCloseable {
    static final String TOKEN = "scheduler-test-token-0123456789abcdef";

    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final SchedulerComponent component;
    private final ComponentServer server;
    private final HttpClient http;

    record Reply(int status, JsonNode body) {}

    InProcessScheduler(Path root, UnaryOperator<SchedulerConfig> tweak) {
        this(root, tweak, Duration.ofSeconds(10));
    }

    /** With {@code requestTimeout} for the scheduler's own requests (to the web view, agents). */
    InProcessScheduler(Path root, UnaryOperator<SchedulerConfig> tweak, Duration requestTimeout) {
        AgencyHome home = new AgencyHome(root);
        FleetTls tls = FleetTls.open(home);
        try {
            ServerKeyStore keys =
                    tls.serverIdentity("ag-tool-scheduler", List.of()).toKeyStore();
            AgencyClient client =
                    AgencyClient.create(tls.clientContext(), Optional.of(TOKEN)).withTimeout(requestTimeout);
            SchedulerConfig config = tweak.apply(SchedulerConfig.of(null, null, null, null));
            component = SchedulerAssembly.start("scheduler-test", root.resolve("scheduler"), config, client);
            server = ComponentServer.builder(component)
                    .tls(keys.keyStore(), keys.password())
                    .token(TOKEN)
                    .start();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
    }

    SchedulerComponent component() {
        return component;
    }

    URI base() {
        return server.baseUri();
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** The job's runs (newest first) once {@code done} holds for the newest, within ten seconds. */
    JsonNode awaitLatestRun(String job, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] latest = new JsonNode[1];
        Deadline.after(Duration.ofSeconds(10)).await("a run of " + job + " to settle", () -> {
            JsonNode runs = get("/jobs/" + job + "/runs").body().get("runs");
            latest[0] = runs.isEmpty() ? null : runs.get(0);
            return latest[0] != null && done.test(latest[0]);
        });
        return latest[0];
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body.isEmpty() ? mapper.nullNode() : mapper.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        component.close();
    }
}
