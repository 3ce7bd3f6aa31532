package uk.org.phobos.agency.cli.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
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
    /** What every Agency component answers with {@code 401} (SPEC.md section 2). */
    private static final byte[] TOKEN_REFUSED =
            "{\"error\":\"unauthorized\",\"message\":\"missing or wrong fleet token\"}"
                    .getBytes(StandardCharsets.UTF_8);

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

    /**
     * A request with an optional JSON body; {@code path} must already be encoded. Throws {@link
     * ComponentUnreachableException} when no connection could be made (nothing listening, a connect timeout,
     * an unknown host, a failed TLS handshake: the request never went out), and {@link
     * ComponentNoAnswerException} when the connection was made but no answer came back (a read timeout, a
     * reset): then the component may have acted on the request.
     */
    public HttpReply exchange(URI base, String method, String path, byte[] jsonBody, boolean authorised) {
        HttpsURLConnection connection = open(base, path, readTimeout);
        try {
            connection.setRequestMethod(method);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("not an HTTP method: " + method, e);
        }
        connection.setRequestProperty("Accept", "application/json");
        if (authorised) {
            authorise(connection);
        }
        if (jsonBody != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            // Streamed, not buffered: the JDK sends a buffered POST again, once, when the connection breaks
            // before the answer (sun.net.http.retryPost), which would submit a task twice.
            connection.setFixedLengthStreamingMode(jsonBody.length);
        }
        connect(base, connection);
        try {
            if (jsonBody != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(jsonBody);
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body;
            if (stream == null && status == HttpURLConnection.HTTP_UNAUTHORIZED && jsonBody != null) {
                body = TOKEN_REFUSED; // a streamed request's 401 body is dropped by the JDK: SPEC.md's envelope
            } else if (stream == null) {
                body = new byte[0];
            } else {
                try (InputStream in = stream) {
                    body = in.readAllBytes();
                }
            }
            return new HttpReply(status, body, connection.getHeaderField("Retry-After"));
        } catch (IOException e) {
            connection.disconnect();
            throw noAnswer(base, method, path, e, readTimeout);
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
        connection.setRequestProperty("Accept", "text/event-stream");
        authorise(connection);
        if (lastEventId != null) {
            connection.setRequestProperty("Last-Event-ID", lastEventId);
        }
        connect(base, connection);
        try {
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
            throw noAnswer(base, "GET", path, e, silence);
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

    /**
     * Opens the connection: TCP, then the TLS handshake and the host name check. Nothing of the request has
     * been sent when this fails, so the component cannot have acted on it.
     */
    private void connect(URI base, HttpsURLConnection connection) {
        try {
            connection.connect();
        } catch (IOException e) {
            connection.disconnect();
            throw unreachable(base, e);
        }
    }

    private ComponentUnreachableException unreachable(URI base, IOException e) {
        String reason;
        if (e instanceof ConnectException) {
            reason = "nothing is listening there";
        } else if (e instanceof SocketTimeoutException) {
            reason = "connect timed out".equalsIgnoreCase(e.getMessage())
                    ? "no connection within " + seconds(connectTimeout)
                    : "the TLS handshake timed out";
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

    private static ComponentNoAnswerException noAnswer(
            URI base, String method, String path, IOException e, Duration timeout) {
        String reason;
        if (e instanceof SocketTimeoutException) {
            reason = "timed out after " + seconds(timeout);
        } else if (e instanceof SocketException) {
            reason = "the connection broke: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        } else {
            reason = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return new ComponentNoAnswerException(base, method, path, reason, e);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
