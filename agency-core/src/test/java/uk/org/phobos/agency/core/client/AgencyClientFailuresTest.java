package uk.org.phobos.agency.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * How {@link AgencyClient} reports a component that gave no answer: whether the request may have reached
 * it ({@link ComponentUnreachableException#mayHaveBeenReceived()}) decides whether a caller may send it
 * elsewhere without risking it being acted on twice.
 */
class AgencyClientFailuresTest {
    @TempDir
    Path temp;

    private ServerSocket listener;
    private Thread serving;
    private HttpsServer tlsServer;

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (serving != null) {
            serving.interrupt();
            serving.join(5000);
        }
        if (tlsServer != null) {
            tlsServer.stop(0);
        }
    }

    private static AgencyClient plainClient(Duration timeout) {
        return new AgencyClient(
                java.net.http.HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .build(),
                uk.org.phobos.agency.core.api.AgencyJson.newMapper(),
                Optional.of("token"),
                timeout);
    }

    private static ComponentUnreachableException postTask(AgencyClient client, URI base) {
        return catchThrowableOfType(
                () -> client.submit(base, TaskRequest.of("do it")), ComponentUnreachableException.class);
    }

    /** A server that reads one request's head, tells the test, then does {@code then} with the socket. */
    private URI serveOnce(CountDownLatch requestRead, SocketAction then) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serving = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                readHead(socket.getInputStream());
                requestRead.countDown();
                then.accept(socket);
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        serving.setDaemon(true);
        serving.start();
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    private interface SocketAction {
        void accept(Socket socket) throws IOException, InterruptedException;
    }

    private static void readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                return;
            }
        }
    }

    @Test
    void nothingListeningMeansTheRequestNeverWentOut() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        ComponentUnreachableException e =
                postTask(plainClient(Duration.ofSeconds(5)), URI.create("http://127.0.0.1:" + port));

        assertThat(e).hasMessageContaining("nothing is listening there");
        assertThat(e.mayHaveBeenReceived()).isFalse();
    }

    @Test
    void aFailedTlsHandshakeMeansTheRequestNeverWentOut() throws Exception {
        FleetTls serverFleet = FleetTls.open(new AgencyHome(temp.resolve("server-fleet")));
        FleetTls otherFleet = FleetTls.open(new AgencyHome(temp.resolve("other-fleet")));
        otherFleet.serverIdentity("client", List.of()); // creates that fleet's CA
        ServerKeyStore keys = serverFleet.serverIdentity("agent", List.of()).toKeyStore();
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.keyManagers(), null, null);
        tlsServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        CountDownLatch handled = new CountDownLatch(1);
        tlsServer.createContext("/", exchange -> {
            handled.countDown();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        tlsServer.start();
        AgencyClient client = AgencyClient.create(otherFleet.clientContext(), Optional.of("token"))
                .withTimeout(Duration.ofSeconds(5));

        ComponentUnreachableException e = postTask(
                client, URI.create("https://127.0.0.1:" + tlsServer.getAddress().getPort()));

        assertThat(e).hasMessageContaining("TLS handshake failed");
        assertThat(e.mayHaveBeenReceived()).isFalse();
        assertThat(handled.getCount()).isEqualTo(1);
    }

    @Test
    void aConnectionResetAfterTheRequestWentOutMayHaveBeenReceived() throws Exception {
        CountDownLatch requestRead = new CountDownLatch(1);
        URI base = serveOnce(requestRead, socket -> {
            socket.setSoLinger(true, 0); // close with RST
            socket.close();
        });

        ComponentUnreachableException e = postTask(plainClient(Duration.ofSeconds(5)), base);

        assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(e.mayHaveBeenReceived()).isTrue();
    }

    @Test
    void aConnectionClosedWithoutAnAnswerMayHaveBeenReceived() throws Exception {
        CountDownLatch requestRead = new CountDownLatch(1);
        URI base = serveOnce(requestRead, Socket::close);

        ComponentUnreachableException e = postTask(plainClient(Duration.ofSeconds(5)), base);

        assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(e.mayHaveBeenReceived()).isTrue();
    }

    @Test
    void noAnswerWithinTheRequestTimeoutMayHaveBeenReceived() throws Exception {
        CountDownLatch requestRead = new CountDownLatch(1);
        CountDownLatch clientGaveUp = new CountDownLatch(1);
        URI base = serveOnce(requestRead, socket -> clientGaveUp.await(10, TimeUnit.SECONDS));

        ComponentUnreachableException e = postTask(plainClient(Duration.ofMillis(300)), base);
        clientGaveUp.countDown();

        assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(e).hasMessageContaining("no answer within");
        assertThat(e.mayHaveBeenReceived()).isTrue();
    }

    @Test
    void exceptionsMadeWithoutSayingAssumeTheRequestMayHaveArrived() {
        ComponentUnreachableException e =
                new ComponentUnreachableException(URI.create("https://127.0.0.1:9000"), "broke", null);

        assertThat(e.mayHaveBeenReceived()).isTrue();
        assertThat(new ComponentUnreachableException(URI.create("https://127.0.0.1:9000"), "refused", null, false)
                        .mayHaveBeenReceived())
                .isFalse();
    }
}
