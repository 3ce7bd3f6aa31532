package uk.org.phobos.agency.cli.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.client.ServerSentEvent;
import uk.org.phobos.agency.core.client.ServerSentEventReader;

/**
 * HTTPS for a process that lives a few hundred milliseconds: blocking {@link HttpsURLConnection} calls
 * on the calling thread. {@code java.net.http.HttpClient} costs this process ~200 ms more to start and,
 * because its selector thread sits in native code, another ~300 ms at exit (the JVM waits for threads
 * in native code before it ends). Servers are verified against the fleet's CAs through {@code sockets},
 * host names against the certificate (the default verifier of {@code HttpsURLConnection} checks them as
 * HTTPS clients must). Only {@code https} URLs are accepted.
 */
public final class FleetHttp {
    private final SSLSocketFactory sockets;
    private final Supplier<Optional<String>> token;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param token read only for requests that need it, so that {@code GET /status} works without one
     */
    public FleetHttp(
            SSLSocketFactory sockets, Supplier<Optional<String>> token, Duration connectTimeout, Duration readTimeout) {
        this.sockets = sockets;
        this.token = token;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** A request with an optional JSON body; {@code path} must already be encoded. */
    public HttpReply exchange(URI base, String method, String path, byte[] jsonBody, boolean authorised) {
        HttpsURLConnection connection = open(base, path, readTimeout);
        try {
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            if (authorised) {
                authorise(connection);
            }
            if (jsonBody != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(jsonBody);
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body;
            if (stream == null) {
                body = new byte[0];
            } else {
                try (InputStream in = stream) {
                    body = in.readAllBytes();
                }
            }
            return new HttpReply(status, body, connection.getHeaderField("Retry-After"));
        } catch (IOException e) {
            throw unreachable(base, e);
        }
    }

    /**
     * Reads the Server-Sent Events at {@code path}, replaying those after {@code lastEventId}, until the
     * stream ends or {@code handler} returns false; returns the id of the last event seen. An error answer
     * goes to {@code onError} (which throws); a stream that stays silent for {@code silence} ends the call
     * like an end of stream, so that the caller can check the task and resume.
     */
    public String events(
            URI base,
            String path,
            String lastEventId,
            Duration silence,
            Predicate<ServerSentEvent> handler,
            Function<HttpReply, RuntimeException> onError) {
        HttpsURLConnection connection = open(base, path, silence);
        try {
            connection.setRequestProperty("Accept", "text/event-stream");
            authorise(connection);
            if (lastEventId != null) {
                connection.setRequestProperty("Last-Event-ID", lastEventId);
            }
            int status = connection.getResponseCode();
            if (status >= 400) {
                InputStream error = connection.getErrorStream();
                byte[] body = error == null ? new byte[0] : error.readAllBytes();
                throw onError.apply(new HttpReply(status, body, connection.getHeaderField("Retry-After")));
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                return ServerSentEventReader.read(reader, lastEventId, handler);
            } catch (SocketTimeoutException quiet) {
                return SILENT;
            }
        } catch (IOException e) {
            throw unreachable(base, e);
        } finally {
            connection.disconnect();
        }
    }

    /** What {@link #events} returns when the stream stayed silent too long (the ids of the agent are numbers). */
    public static final String SILENT = "silent";

    private HttpsURLConnection open(URI base, String path, Duration timeout) {
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            throw new ComponentUnreachableException(
                    base, "Agency components speak HTTPS only: use https://" + base.getRawAuthority(), null);
        }
        try {
            HttpsURLConnection connection =
                    (HttpsURLConnection) base.resolve(path).toURL().openConnection();
            connection.setSSLSocketFactory(sockets);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new ComponentUnreachableException(base, "not a usable URL: " + e.getMessage(), e);
        }
    }

    private void authorise(HttpURLConnection connection) {
        token.get().ifPresent(value -> connection.setRequestProperty("Authorization", "Bearer " + value));
    }

    private ComponentUnreachableException unreachable(URI base, IOException e) {
        String reason;
        if (e instanceof ConnectException) {
            reason = "nothing is listening there";
        } else if (e instanceof SocketTimeoutException) {
            reason = "no answer within " + readTimeout.toSeconds() + " s";
        } else if (e instanceof UnknownHostException) {
            reason = "unknown host " + e.getMessage();
        } else if (e instanceof NoRouteToHostException) {
            reason = "no route to that host";
        } else if (e instanceof SSLHandshakeException) {
            reason = "TLS handshake failed (its certificate must come from a fleet CA this machine trusts and"
                    + " name this host; for another machine's fleet, `ag tls import` its CA): " + e.getMessage();
        } else if (e instanceof SSLException) {
            reason = "TLS failed (is it an Agency component speaking HTTPS?): " + e.getMessage();
        } else {
            reason = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return new ComponentUnreachableException(base, reason, e);
    }
}
