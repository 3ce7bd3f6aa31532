package uk.org.phobos.agency.web.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.core.client.PathSegments;

/**
 * {@link AgentEventRelay.Upstream} over HTTPS with the fleet token, verified against the fleet CA like
 * every Agency client. The body it returns is the JDK client's stream, whose {@code close()} ends a
 * read blocked in another thread.
 */
public final class HttpEventUpstream implements AgentEventRelay.Upstream {
    /** How long the agent may take to start answering. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Optional<String> token;

    public HttpEventUpstream(SSLContext ssl, Optional<String> token) {
        this.http = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = token;
    }

    @Override
    public InputStream open(URI agent, String taskId, String lastEventId) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        agent.resolve("/task/" + PathSegments.encode(taskId) + "/events"))
                .timeout(ANSWER_TIMEOUT)
                .header("Accept", "text/event-stream")
                .GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the event stream", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(agent + " answered " + response.statusCode() + " for the events of task " + taskId);
        }
        return response.body();
    }
}
