package uk.org.phobos.agency.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.core.api.AgencyJson;

/** What a browser does on the dashboard, in plain HTTP: keeps the session cookie, sends JSON. */
final class BrowserClient {
    private final HttpClient http;
    private final URI base;
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private String cookie;

    BrowserClient(SSLContext ssl, URI base) {
        this.http = HttpClient.newBuilder()
                .sslContext(ssl)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = base;
    }

    String cookie() {
        return cookie;
    }

    void cookie(String value) {
        this.cookie = value;
    }

    HttpResponse<String> get(String path) {
        return send(builder(path).GET().build());
    }

    HttpResponse<String> post(String path, Object body) {
        return post(path, json(body), "application/json", Map.of());
    }

    HttpResponse<String> post(String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder builder =
                builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    HttpResponse<String> login(String password) {
        HttpResponse<String> response = post("/login", Map.of("password", password));
        remember(response);
        return response;
    }

    void remember(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            if (pair.startsWith("agency_session=")) {
                String value = pair.substring("agency_session=".length());
                cookie = value.isEmpty() ? null : value;
            }
        }
    }

    /** Reads Server-Sent Events from {@code path} until {@code until} holds for one; returns all read. */
    List<String[]> events(String path, Predicate<String[]> until, Duration timeout) {
        HttpRequest request = builder(path)
                .header("Accept", "text/event-stream")
                .timeout(timeout)
                .GET()
                .build();
        List<String[]> events = new ArrayList<>();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode());
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        String[] event = {name, data.toString()};
                        events.add(event);
                        if (until.test(event)) {
                            return events;
                        }
                        name = "message";
                        data.setLength(0);
                    }
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a Server-Sent Events stream like the page's {@code EventSource} (without its reconnecting):
     * it is read on a thread of its own until the server ends it or it is closed.
     */
    LiveEvents openEvents(String path) {
        return openEvents(path, Map.of());
    }

    /** {@link #openEvents(String)} with extra request headers, such as {@code Last-Event-ID}. */
    LiveEvents openEvents(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = builder(path).header("Accept", "text/event-stream");
        headers.forEach(builder::header);
        HttpRequest request = builder.GET().build();
        LiveEvents live = new LiveEvents(path);
        Thread reader = new Thread(() -> live.read(request), "sse-reader " + path);
        reader.setDaemon(true);
        reader.start();
        return live;
    }

    /** One open event stream: the events read so far, and whether the server ended it. */
    final class LiveEvents implements AutoCloseable {
        private final String path;
        private final List<String[]> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        private volatile InputStream body;
        private volatile int status;

        private LiveEvents(String path) {
            this.path = path;
        }

        private void read(HttpRequest request) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                body = response.body();
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String name = "message";
                    String id = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.isEmpty() && data.length() > 0) {
                            events.add(new String[] {name, data.toString(), id});
                            name = "message";
                            id = null;
                            data.setLength(0);
                        }
                    }
                }
            } catch (IOException e) {
                // closed by the test, or the connection broke: either way the stream is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.countDown();
            }
        }

        List<String> names() {
            return events.stream().map(e -> e[0]).toList();
        }

        /** The events read so far: {name, data, id} ({@code id} null when the event had none). */
        List<String[]> events() {
            return List.copyOf(events);
        }

        /** The HTTP status of the answer, once it came (0 before). */
        int status() {
            return status;
        }

        /** Waits until an event satisfies {@code condition}, and returns it. */
        String[] awaitEvent(String what, Predicate<String[]> condition, Duration timeout) {
            uk.org.phobos.agency.testkit.Deadline.after(timeout)
                    .await(
                            what + " on " + path + " (status " + status + ", got " + names() + ")",
                            () -> events.stream().anyMatch(condition));
            return events.stream().filter(condition).findFirst().orElseThrow();
        }

        void awaitEvent(String name, Duration timeout) {
            uk.org.phobos.agency.testkit.Deadline.after(timeout)
                    .await(
                            "event '" + name + "' on " + path + " (status " + status + ", got " + names() + ")",
                            () -> names().contains(name));
        }

        /** Whether the server has ended the stream (or it broke). */
        boolean ended() {
            return ended.getCount() == 0;
        }

        void awaitEnd(Duration timeout) {
            try {
                if (!ended.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(
                            "the stream " + path + " is still open after " + timeout + " (events: " + names() + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            InputStream open = body;
            if (open != null) {
                open.close();
            }
        }
    }

    JsonNode read(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            builder.header("Cookie", "agency_session=" + cookie);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
