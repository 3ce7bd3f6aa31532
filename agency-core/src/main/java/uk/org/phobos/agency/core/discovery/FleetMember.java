package uk.org.phobos.agency.core.discovery;

import java.net.URI;
import java.time.Instant;
import uk.org.phobos.agency.core.api.StatusReport;

/** One component of the fleet as last seen: its latest status and how its recent polls went. */
public record FleetMember(URI url, StatusReport status, Health health, int consecutiveFailures, Instant lastSeen) {

    FleetMember answered(StatusReport fresh, Instant now) {
        return new FleetMember(url, fresh, Health.OK, 0, now);
    }

    FleetMember missed() {
        int failures = consecutiveFailures + 1;
        return new FleetMember(url, status, Health.afterFailures(failures), failures, lastSeen);
    }
}
