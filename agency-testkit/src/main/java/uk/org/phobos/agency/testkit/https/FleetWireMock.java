package uk.org.phobos.agency.testkit.https;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * WireMock on 127.0.0.1 over HTTPS only, with a certificate issued by the fleet CA of {@code home}:
 * a stand-in for an Agency component (an agent, the web view's internal API) that Agency clients
 * reach with their usual, verified TLS. Stub it through {@link #server()}.
 */
public final class FleetWireMock implements AutoCloseable {
    private final WireMockServer server;

    private FleetWireMock(WireMockServer server) {
        this.server = server;
    }

    /** Starts a stand-in named {@code name} (used for its certificate and key store file under {@code home}). */
    public static FleetWireMock start(AgencyHome home, String name) {
        try {
            ServerKeyStore keys =
                    FleetTls.open(home).serverIdentity(name, List.of()).toKeyStore();
            Path keyStoreFile =
                    Files.createDirectories(home.root().resolve("stand-ins")).resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(keyStoreFile)) {
                keys.keyStore().store(out, keys.password());
            }
            String password = new String(keys.password());
            WireMockServer server = new WireMockServer(options()
                    .bindAddress("127.0.0.1")
                    .httpDisabled(true)
                    .dynamicHttpsPort()
                    .keystorePath(keyStoreFile.toString())
                    .keystoreType("PKCS12")
                    .keystorePassword(password)
                    .keyManagerPassword(password)
                    .gzipDisabled(true));
            server.start();
            return new FleetWireMock(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stand-in's key store", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the stand-in's key store", e);
        }
    }

    public WireMockServer server() {
        return server;
    }

    /** {@code https://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + server.httpsPort());
    }

    @Override
    public void close() {
        server.stop();
    }
}
