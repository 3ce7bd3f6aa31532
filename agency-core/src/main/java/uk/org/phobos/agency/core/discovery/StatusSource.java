package uk.org.phobos.agency.core.discovery;

import java.net.URI;
import uk.org.phobos.agency.core.api.StatusReport;

/**
 * Where a {@link FleetScanner} gets a component's {@code GET /status} from: an {@code AgencyClient}, or a
 * lighter client such as the command line's, which must not pay for {@code java.net.http} at start-up.
 * Throws a {@link RuntimeException} when the URL does not answer as a component of this fleet.
 */
@FunctionalInterface
public interface StatusSource {
    StatusReport status(URI url);
}
