package uk.org.phobos.agency.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.ShutdownAccepted;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;

/**
 * A typed client for the contracts of SPEC.md: it verifies servers against the fleet CA (through
 * the SSL context it is given), sends the fleet token, and turns error envelopes back into
 * {@link ApiException}s. Thread-safe; share one per process.
 */
public final class AgencyClient {
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Optional<String> token;
    private final Duration requestTimeout;

    public AgencyClient(HttpClient http, ObjectMapper mapper, Optional<String> token, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.token = Objects.requireNonNull(token, "token");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A client over a new {@link HttpClient} that trusts only what {@code ssl} trusts. */
    public static AgencyClient create(SSLContext ssl, Optional<String> token) {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new AgencyClient(http, AgencyJson.newMapper(), token, Duration.ofSeconds(30));
    }

    /** The same client with another per-request timeout. */
    public AgencyClient withTimeout(Duration timeout) {
        return new AgencyClient(http, mapper, token, timeout);
    }

    public StatusReport status(URI base) {
        return get(base, "/status", StatusReport.class);
    }

    public TaskCreated submit(URI base, TaskRequest request) {
        return send(base, "POST", "/task", request, TaskCreated.class);
    }

    public Task task(URI base, String taskId) {
        return get(base, "/task/" + PathSegments.encode(taskId), Task.class);
    }

    public Task cancel(URI base, String taskId) {
        return send(base, "POST", "/task/" + PathSegments.encode(taskId) + "/cancel", null, Task.class);
    }

    public HistoryPage<Task> history(URI base, int page, int limit) {
        return send(
                base,
                "GET",
                "/history?page=" + page + "&limit=" + limit,
                null,
                new TypeReference<HistoryPage<Task>>() {});
    }

    public ShutdownAccepted shutdown(URI base, ShutdownRequest request) {
        return send(base, "POST", "/shutdown", request, ShutdownAccepted.class);
    }

    /** A GET of any JSON endpoint, read as {@code type}; {@code path} must already be encoded. */
    public <T> T get(URI base, String path, Class<T> type) {
        return send(base, "GET", path, null, type);
    }

    /** Any request with a JSON body (or none), read as {@code type}; {@code path} must already be encoded. */
    public <T> T send(URI base, String method, String path, Object body, Class<T> type) {
        return read(base, path, exchangeJson(base, method, path, body), mapper.constructType(type));
    }

    /** As {@link #send(URI, String, String, Object, Class)}, for generic types. */
    public <T> T send(URI base, String method, String path, Object body, TypeReference<T> type) {
        return read(base, path, exchangeJson(base, method, path, body), mapper.constructType(type));
    }

    private byte[] exchangeJson(URI base, String method, String path, Object body) {
        HttpResponse<byte[]> response =
                exchange(base, request(base, path, method, body), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw toApiException(
                    response.statusCode(), response.body(), response.headers().map());
        }
        return response.body();
    }

    @SuppressWarnings(
            "TypeParameterUnusedInFormals") // the JavaType carries T; callers pass Class<T> or TypeReference<T>
    private <T> T read(URI base, String path, byte[] body, JavaType type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new ApiException(
                    ErrorCode.UPSTREAM_ERROR,
                    base + path + " answered with JSON this client cannot read: " + e.getMessage());
        }
    }

    /**
     * Streams the Server-Sent Events of a task, replaying those after {@code lastEventId}, until the
     * stream ends or {@code handler} returns false. Blocks the calling thread; returns the last id seen.
     */
    public String streamEvents(URI base, String taskId, String lastEventId, Predicate<ServerSentEvent> handler) {
        HttpRequest.Builder builder = authorised(
                        HttpRequest.newBuilder(base.resolve("/task/" + PathSegments.encode(taskId) + "/events")))
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = exchange(base, builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw toApiException(
                        response.statusCode(),
                        body.readAllBytes(),
                        response.headers().map());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            return ServerSentEventReader.read(reader, lastEventId, handler);
        } catch (IOException e) {
            throw new ComponentUnreachableException(base, "event stream broke: " + e.getMessage(), e);
        }
    }

    private HttpRequest request(URI base, String path, String method, Object body) {
        HttpRequest.Builder builder =
                authorised(HttpRequest.newBuilder(base.resolve(path))).timeout(requestTimeout);
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    /**
     * Sends the request. A failure before the connection was made (nothing listening, unknown host, a
     * connect timeout, a failed TLS handshake) cannot have reached the component; any failure after it (no
     * answer in time, a reset, a connection closed before the answer) may have: {@link
     * ComponentUnreachableException#mayHaveBeenReceived()} says which.
     */
    private <T> HttpResponse<T> exchange(URI base, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new ComponentUnreachableException(base, "connection timed out", e, false);
        } catch (HttpTimeoutException e) {
            throw new ComponentUnreachableException(base, "no answer within " + describe(requestTimeout), e, true);
        } catch (ConnectException e) {
            // HttpClient reports every failure to connect this way, an unknown host included.
            throw new ComponentUnreachableException(
                    base,
                    hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)
                            ? "unknown host " + base.getHost()
                            : "nothing is listening there",
                    e,
                    false);
        } catch (SSLHandshakeException e) {
            throw new ComponentUnreachableException(
                    base,
                    "TLS handshake failed (is it part of this fleet? its certificate must come from the fleet CA): "
                            + e.getMessage(),
                    e,
                    false);
        } catch (IOException e) {
            throw new ComponentUnreachableException(
                    base, e.getMessage() == null ? e.toString() : e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentUnreachableException(base, "interrupted", e, true);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    private ApiException toApiException(int status, byte[] body, Map<String, List<String>> headers) {
        ApiError error;
        try {
            error = mapper.readValue(body, ApiError.class);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8);
            error = new ApiError("http_" + status, text.length() > 200 ? text.substring(0, 200) : text);
        }
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("Retry-After") && !values.isEmpty()) {
                kept.put("Retry-After", values.get(0));
            }
        });
        return new ApiException(status, error, kept);
    }
}
