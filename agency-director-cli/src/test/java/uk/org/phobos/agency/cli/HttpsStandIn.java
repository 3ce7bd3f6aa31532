package uk.org.phobos.agency.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/** WireMock over HTTPS on 127.0.0.1 with a certificate from the test fleet's CA, standing in for a component. */
final class HttpsStandIn implements AutoCloseable {
    final WireMockServer server;

    private HttpsStandIn(WireMockServer server) {
        this.server = server;
    }

    static HttpsStandIn start(AgencyHome home, String name, Path dir) throws IOException, GeneralSecurityException {
        ServerKeyStore keys =
                FleetTls.open(home).serverIdentity(name, List.of()).toKeyStore();
        Path keyStore = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            keys.keyStore().store(out, keys.password());
        }
        String password = new String(keys.password());
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(password)
                .keyManagerPassword(password));
        server.start();
        return new HttpsStandIn(server);
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.httpsPort());
    }

    @Override
    public void close() {
        server.stop();
    }
}
