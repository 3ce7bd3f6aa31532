package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;

/** Real TLS handshakes on loopback with the fleet's certificates, host name verification on. */
class FleetTlsHandshakeIT {
    @TempDir
    Path temp;

    private FleetTls fleet;
    private HttpsServer server;

    @BeforeEach
    void startServer() throws Exception {
        fleet = FleetTls.open(new AgencyHome(temp.resolve("alpha")));
        ServerKeyStore keys = fleet.serverIdentity("agent", List.of()).toKeyStore();
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.keyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void fleetClientReachesTheServerByIpAndByLocalhost() throws Exception {
        HttpClient client = client(fleet.clientContext());

        for (String host : List.of("127.0.0.1", "localhost")) {
            HttpResponse<String> response = get(client, "https://" + host + ":" + port() + "/");
            assertThat(response.statusCode()).as(host).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void clientBuiltFromTheCaFileAloneReachesTheServer() throws Exception {
        SSLContext fromPem =
                FleetTrust.fromCaFile(fleet.directory().caCertificateFile()).sslContext();

        assertThat(get(client(fromPem), "https://localhost:" + port() + "/").statusCode())
                .isEqualTo(200);
    }

    @Test
    void clientWithTheJdkDefaultTrustIsRefused() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + port() + "/"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientTrustingAnotherCaIsRefused() {
        FleetTls other = FleetTls.open(new AgencyHome(temp.resolve("beta")));
        other.serverIdentity("agent", List.of());

        assertThatThrownBy(() -> get(client(other.clientContext()), "https://127.0.0.1:" + port() + "/"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientOnAnotherMachineTrustsTheServerAfterImportingItsCa() throws Exception {
        FleetTls beta = FleetTls.open(new AgencyHome(temp.resolve("beta")));
        beta.serverIdentity("agent", List.of());
        Path exported = temp.resolve("alpha-ca.pem");
        fleet.exportCa(exported);

        beta.importCa(exported);

        assertThat(get(client(beta.clientContext()), "https://127.0.0.1:" + port() + "/")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void jettyServesWithTheKeyStore() throws Exception {
        ServerKeyStore keys = fleet.serverIdentity("web", List.of()).toKeyStore();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys.keyStore());
        tls.setKeyStorePassword(new String(keys.password()));
        HttpConfiguration http = new HttpConfiguration();
        // Jetty's SNI host check answers 400 to requests for 127.0.0.1 (ARCHITECTURE.md, known pitfalls).
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        Server jetty = new Server();
        ServerConnector connector =
                new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "jetty", callback);
                return true;
            }
        });
        jetty.start();
        try {
            HttpClient client = client(fleet.clientContext());
            for (String host : List.of("127.0.0.1", "localhost")) {
                HttpResponse<String> response = get(client, "https://" + host + ":" + connector.getLocalPort() + "/");
                assertThat(response.statusCode()).as(host).isEqualTo(200);
                assertThat(response.body()).isEqualTo("jetty");
            }
        } finally {
            jetty.stop();
        }
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
