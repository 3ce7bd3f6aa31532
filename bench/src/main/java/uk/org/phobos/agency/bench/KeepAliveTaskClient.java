package uk.org.phobos.agency.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The benchmark's client for timing tasks: {@code POST /task} and {@code GET /task/{id}} on the calling thread
 * over a kept-alive HTTPS connection ({@link HttpsURLConnection}). The fleet's {@code AgencyClient}
 * ({@code java.net.http.HttpClient}) hands every request between its own threads, which on 2 cores put ~20
 * ms of the client into each task's figure (bench/README.md); {@code -Dagency.bench.client=httpclient} times
 * with it instead.
 */
final class KeepAliveTaskClient implements TaskTimingClient {
    private final URI base;
    private final SSLSocketFactory sockets;
    private final String authorization;
    private final ObjectMapper mapper = new ObjectMapper();

    KeepAliveTaskClient(URI base, SSLSocketFactory sockets, String token) {
        this.base = base;
        this.sockets = sockets;
        this.authorization = "Bearer " + token;
    }

    @Override
    public String submit(String prompt) {
        byte[] body = mapper.createObjectNode().put("prompt", prompt).toString().getBytes(StandardCharsets.UTF_8);
        return call("POST", "/task", body).path("task_id").asText();
    }

    @Override
    public String state(String taskId) {
        return call("GET", "/task/" + taskId, null).path("state").asText();
    }

    private JsonNode call(String method, String path, byte[] body) {
        try {
            HttpsURLConnection connection =
                    (HttpsURLConnection) base.resolve(path).toURL().openConnection();
            connection.setSSLSocketFactory(sockets);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Authorization", authorization);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            // Read to the end and closed, so that the connection goes back to the keep-alive cache.
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                byte[] answer = in == null ? new byte[0] : in.readAllBytes();
                if (status >= 400) {
                    throw new IllegalStateException(method + " " + path + " answered " + status + ": "
                            + new String(answer, StandardCharsets.UTF_8));
                }
                return mapper.readTree(answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }
}
