package uk.org.phobos.agency.web.fleet;

import java.net.URI;
import java.time.Instant;

/** An agent as the dispatcher sees it: where, whether its last poll answered, its state then, and when. */
public record AgentSlot(URI url, String name, boolean healthy, String state, Instant seenAt) {
    public boolean idle() {
        return healthy && "idle".equals(state);
    }
}
