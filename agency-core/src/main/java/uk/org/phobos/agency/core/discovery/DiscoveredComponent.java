package uk.org.phobos.agency.core.discovery;

import java.net.URI;
import uk.org.phobos.agency.core.api.StatusReport;

/** A component that answered {@code GET /status} at {@code url}. */
public record DiscoveredComponent(URI url, StatusReport status) {}
