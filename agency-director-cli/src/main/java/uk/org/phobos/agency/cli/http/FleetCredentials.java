package uk.org.phobos.agency.cli.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTrust;
import uk.org.phobos.agency.core.tls.TlsSetupException;

/**
 * What the command line proves and trusts: the fleet's CAs (read on first use, plain JDK) and the fleet
 * token ({@code AGENCY_TOKEN} or {@code AGENCY_ROOT/token}, read only when a request needs it).
 */
public final class FleetCredentials {
    private final AgencyHome home;
    private final Map<String, String> env;
    private SSLSocketFactory sockets;
    private Optional<String> token;

    public FleetCredentials(AgencyHome home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    public AgencyHome home() {
        return home;
    }

    public synchronized SSLSocketFactory sockets() {
        if (sockets == null) {
            try {
                sockets = FleetTrust.fromTlsDir(home.tlsDir()).sslContext().getSocketFactory();
            } catch (IOException e) {
                throw new TlsSetupException(
                        "Cannot read the fleet's CA certificates in " + home.tlsDir() + ": " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new TlsSetupException("Cannot trust the fleet's CA certificates: " + e.getMessage(), e);
            }
        }
        return sockets;
    }

    /** The token; a {@code MissingFleetTokenException} that says what to do when there is none. */
    public synchronized Optional<String> token() {
        if (token == null) {
            try {
                token = Optional.of(FleetToken.load(home, env).value());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the fleet token " + home.tokenFile(), e);
            }
        }
        return token;
    }
}
