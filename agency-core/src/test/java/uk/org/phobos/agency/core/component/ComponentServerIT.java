package uk.org.phobos.agency.core.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.client.ServerSentEvent;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

class ComponentServerIT {
    private static final String TOKEN = "fleet-token-for-tests-0123456789";

    @TempDir
    Path root;

    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    private FleetTls tls;
    private TestComponent component;
    private ComponentServer server;
    private HttpClient http;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        tls = FleetTls.open(new AgencyHome(root));
        ServerKeyStore keys = tls.serverIdentity("test-component", List.of()).toKeyStore();
        component = new TestComponent("test-1");
        server = ComponentServer.builder(component)
                .tls(keys.keyStore(), keys.password())
                .token(TOKEN)
                .exitHook(exitCode::set)
                .start();
        base = server.baseUri();
        http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
    }

    @AfterEach
    void stop() {
        component.finishWork();
        server.close();
    }

    @Test
    void statusAnswersOverHttpsVerifiedAgainstTheFleetCa() throws Exception {
        for (String host : List.of("127.0.0.1", "localhost")) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + server.port() + "/status")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode status = mapper.readTree(response.body());
            assertThat(status.get("type").asText()).isEqualTo("agent");
            assertThat(status.get("name").asText()).isEqualTo("test-1");
            assertThat(status.get("interfaces").toString())
                    .isEqualTo("[\"statusable\",\"taskable\",\"observable\",\"configurable\"]");
            assertThat(status.get("state").asText()).isEqualTo("idle");
            assertThat(status.get("version").asText()).isEqualTo("test");
            assertThat(status.get("started_at").asText()).endsWith("Z");
            assertThat(status.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(status.get("config").get("greeting").asText()).isEqualTo("hello");
            assertThat(status.has("current_task")).isTrue();
        }
    }

    @Test
    void aClientThatDoesNotTrustTheFleetCaIsRefused() {
        HttpClient untrusting = HttpClient.newHttpClient();

        assertThatThrownBy(() -> untrusting.send(
                        HttpRequest.newBuilder(base.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void postWithoutTokenIs401InTheEnvelope() throws Exception {
        HttpResponse<String> missing = send(post("/task", "{\"prompt\":\"hi\"}"));
        HttpResponse<String> wrong = send(post("/task", "{\"prompt\":\"hi\"}").header("Authorization", "Bearer nope"));

        assertError(missing, 401, "unauthorized");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(missing.body()).contains("Authorization: Bearer");
        assertError(wrong, 401, "unauthorized");
        assertThat(component.tasks()).isEmpty();
    }

    @Test
    void everyEndpointButGetStatusNeedsTheToken() throws Exception {
        for (String path : List.of("/tasks", "/history", "/config", "/task/t1", "/nowhere")) {
            assertError(send(HttpRequest.newBuilder(base.resolve(path)).GET()), 401, "unauthorized");
        }
        assertError(
                send(HttpRequest.newBuilder(base.resolve("/shutdown")).POST(HttpRequest.BodyPublishers.noBody())),
                401,
                "unauthorized");
    }

    @Test
    void malformedJsonIs400ValidationError() throws Exception {
        HttpResponse<String> response = send(authed(post("/task", "{\"prompt\": \"hi\",")));

        assertError(response, 400, "validation_error");
        assertThat(response.body()).contains("not valid JSON").contains("line 1");
    }

    @Test
    void wrongFieldTypeNamesTheField() throws Exception {
        HttpResponse<String> response = send(authed(post("/task", "{\"prompt\":\"hi\",\"timeout_seconds\":\"soon\"}")));

        assertError(response, 400, "validation_error");
        assertThat(response.body()).contains("timeout_seconds").doesNotContain("java.lang");
    }

    @Test
    void invalidRequestIs400NamingTheField() throws Exception {
        HttpResponse<String> response = send(authed(post("/task", "{\"prompt\":\"\",\"session_id\":\"../x\"}")));

        assertError(response, 400, "validation_error");
        assertThat(response.body()).contains("prompt is required").contains("session_id must match");
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() throws Exception {
        assertError(
                send(authed(
                        HttpRequest.newBuilder(base.resolve("/no/such/thing")).GET())),
                404,
                "not_found");
        assertError(send(authed(HttpRequest.newBuilder(base.resolve("/status")).DELETE())), 405, "method_not_allowed");
    }

    @Test
    void twoMebibyteBodyIs413() throws Exception {
        String big = "{\"prompt\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = send(authed(post("/task", big)));

        assertError(response, 413, "payload_too_large");
        assertThat(component.tasks()).isEmpty();
    }

    @Test
    void chunkedOversizedBodyIs413Too() throws Exception {
        byte[] chunk = ("{\"prompt\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        HttpRequest.BodyPublisher unknownLength =
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(chunk));

        HttpResponse<String> response = send(authed(HttpRequest.newBuilder(base.resolve("/task"))
                .header("Content-Type", "application/json")
                .POST(unknownLength)));

        assertError(response, 413, "payload_too_large");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = send(authed(HttpRequest.newBuilder(base.resolve("/task"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}"))));

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void internalErrorsKeepTheirDetailsToThemselves() throws Exception {
        HttpResponse<String> response = send(authed(post("/task", "{\"prompt\":\"boom\"}")));

        assertError(response, 500, "internal_error");
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("at uk.org");
    }

    @Test
    void taskRoutesWorkThroughTheClient() {
        AgencyClient client = client();

        var created = client.submit(base, TaskRequest.of("do it"));
        ApiException busy = catchApi(() -> client.submit(base, TaskRequest.of("again")));
        component.finishWork();
        ApiException done = catchApi(() -> client.cancel(base, created.taskId()));

        assertThat(created.taskId()).isEqualTo("t1");
        assertThat(busy.code()).isEqualTo(ErrorCode.AGENT_BUSY);
        assertThat(busy.httpStatus()).isEqualTo(409);
        assertThat(busy.error().details()).containsEntry("current_task", "t1");
        assertThat(client.task(base, "t1").state().isTerminal()).isTrue();
        assertThat(done.code()).isEqualTo(ErrorCode.ALREADY_COMPLETED);
        assertThat(done.error().details()).containsEntry("final_state", "completed");
        assertThat(catchApi(() -> client.task(base, "t99")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(client.history(base, 1, 20).entries()).hasSize(1);
        assertThat(catchApi(() -> client.history(base, 0, 20)).code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void eventsStreamLiveAndReplayAfterLastEventId() throws Exception {
        AgencyClient client = client();
        String id = client.submit(base, TaskRequest.of("watch me")).taskId();
        List<ServerSentEvent> live = new ArrayList<>();

        CompletableFuture<String> reader =
                CompletableFuture.supplyAsync(() -> client.streamEvents(base, id, null, event -> {
                    synchronized (live) {
                        live.add(event);
                    }
                    return !"end".equals(event.event());
                }));
        awaitSize(live, 2);
        component.finishWork();
        reader.get(10, java.util.concurrent.TimeUnit.SECONDS);

        List<ServerSentEvent> replay = new ArrayList<>();
        client.streamEvents(base, id, "2", event -> replay.add(event) && !"end".equals(event.event()));

        assertThat(live).extracting(ServerSentEvent::event).containsExactly("text", "text", "result", "end");
        assertThat(live).extracting(ServerSentEvent::id).startsWith("1", "2", "3");
        assertThat(replay).extracting(ServerSentEvent::event).containsExactly("result", "end");
        assertThat(replay.get(0).data()).isEqualTo("{\"state\":\"completed\"}");
    }

    @Test
    void configPutIsValidatedWhole() throws Exception {
        HttpResponse<String> bad = send(authed(HttpRequest.newBuilder(base.resolve("/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"greeting\":\"\"}"))));
        HttpResponse<String> good = send(authed(HttpRequest.newBuilder(base.resolve("/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"greeting\":\"hi\"}"))));

        assertError(bad, 400, "validation_error");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(send(authed(HttpRequest.newBuilder(base.resolve("/config"))))
                                .body())
                        .get("greeting")
                        .asText())
                .isEqualTo("hi");
    }

    @Test
    void drainingShutdownLetsWorkFinishThenExits() throws Exception {
        AgencyClient client = client();
        client.submit(base, TaskRequest.of("long job"));

        var accepted = client.shutdown(base, new ShutdownRequest(false, 30));

        assertThat(accepted.state()).isEqualTo("draining");
        assertThat(client.status(base).state()).isEqualTo("draining");
        ApiException refused = catchApi(() -> client.submit(base, TaskRequest.of("another")));
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(exitCode.get()).isEqualTo(-1);

        component.finishWork();
        server.awaitStopped();
        awaitTrue(() -> exitCode.get() == 0);

        assertThat(component.task("t1").orElseThrow().state().wireName()).isEqualTo("completed");
        assertThat(component.persisted()).isTrue();
    }

    @Test
    void forcedShutdownCancelsAtOnce() throws Exception {
        AgencyClient client = client();
        client.submit(base, TaskRequest.of("long job"));

        var accepted = client.shutdown(base, new ShutdownRequest(true, null));
        server.awaitStopped();
        awaitTrue(() -> exitCode.get() == 0);

        assertThat(accepted.state()).isEqualTo("stopping");
        assertThat(component.task("t1").orElseThrow().state().wireName()).isEqualTo("cancelled");
        assertThat(component.persisted()).isTrue();
    }

    @Test
    void shutdownTimeoutOutOfRangeIsRefused() throws Exception {
        HttpResponse<String> response = send(authed(post("/shutdown", "{\"timeout_seconds\":-1}")));

        assertError(response, 400, "validation_error");
        assertThat(server.isDraining()).isFalse();
    }

    @Test
    void accessLogNeverRecordsQueryStringsOrTokens() throws Exception {
        Logger accessLogger = (Logger) LoggerFactory.getLogger("agency.access");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        accessLogger.addAppender(captured);
        try {
            send(authed(HttpRequest.newBuilder(base.resolve("/history?page=1&api_key=hunter2"))
                    .GET()));
            send(HttpRequest.newBuilder(base.resolve("/tasks")).header("Authorization", "Bearer wrong-token-xyz"));
        } finally {
            accessLogger.detachAppender(captured);
        }

        List<String> lines =
                captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET /history 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET /tasks 401"));
        assertThat(String.join("\n", lines)).doesNotContain("hunter2", "api_key", TOKEN, "wrong-token-xyz", "?");
    }

    private AgencyClient client() {
        return AgencyClient.create(tls.clientContext(), Optional.of(TOKEN));
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder authed(HttpRequest.Builder builder) {
        return builder.header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private static ApiException catchApi(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        awaitTrue(() -> {
            synchronized (list) {
                return list.size() >= size;
            }
        });
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
