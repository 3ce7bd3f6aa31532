package uk.org.phobos.agency.web.fleet;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import uk.org.phobos.agency.core.discovery.FleetMember;

/**
 * The components discovery found, and the only places the web view sends requests to: every URL that
 * comes from a request or from stored state is looked up here first (no server-side request forgery).
 */
public interface FleetDirectory {
    List<FleetMember> members();

    /** The agents, healthy or not. */
    List<AgentSlot> agents();

    /** The member at exactly {@code url}, if discovery found one there. */
    Optional<FleetMember> member(URI url);

    /** The member at {@code url}; {@code forbidden} when discovery did not find one there. */
    default FleetMember requireMember(URI url) {
        return member(url)
                .orElseThrow(() -> new uk.org.phobos.agency.core.api.ApiException(
                        uk.org.phobos.agency.core.api.ErrorCode.FORBIDDEN,
                        "'" + url + "' is not a component that discovery found: the web view only talks to its fleet"));
    }
}
