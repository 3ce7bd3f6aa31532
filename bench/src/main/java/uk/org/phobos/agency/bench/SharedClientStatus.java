package uk.org.phobos.agency.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.tls.FleetTrust;

/**
 * The reference for {@code bench/cli-startup.sh}: one {@code GET /status} the way a service does it, with
 * the shared {@link AgencyClient} ({@code java.net.http.HttpClient} and Jackson data binding), then exit.
 * Usage: {@code SharedClientStatus URL AGENCY_ROOT}.
 */
public final class SharedClientStatus {
    private SharedClientStatus() {}

    public static void main(String[] args) throws Exception {
        AgencyClient client = AgencyClient.create(
                FleetTrust.fromTlsDir(Path.of(args[1]).resolve("tls")).sslContext(), Optional.empty());
        StatusReport status = client.status(URI.create(args[0]));
        System.out.println(status.name() + " " + status.state());
    }
}
