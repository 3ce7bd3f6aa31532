package uk.org.phobos.agency.web.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/**
 * A task's live events, relayed from its agent's {@code GET /task/{id}/events}: the same ids, names
 * and data, so {@code Last-Event-ID} works through the web view. One thread per open relay, from a
 * bounded pool; only to agents that discovery found.
 */
public final class AgentEventRelay {
    private static final Logger log = LoggerFactory.getLogger(AgentEventRelay.class);

    private final AgencyClient client;
    private final FleetDirectory fleet;
    private final ExecutorService threads;
    private final ObjectMapper mapper;

    public AgentEventRelay(AgencyClient client, FleetDirectory fleet, ExecutorService threads, ObjectMapper mapper) {
        this.client = client;
        this.fleet = fleet;
        this.threads = threads;
        this.mapper = mapper;
    }

    public EventFeed feed(URI agent, String taskId) {
        URI known = fleet.requireMember(agent).url();
        return (afterId, listener) -> {
            AtomicBoolean closed = new AtomicBoolean();
            try {
                threads.execute(() -> relay(known, taskId, afterId, listener, closed));
            } catch (RejectedExecutionException e) {
                throw ApiException.unavailable("too many live streams are open: close a tab and try again");
            }
            return () -> closed.set(true);
        };
    }

    private void relay(URI agent, String taskId, long afterId, EventFeed.EventListener listener, AtomicBoolean closed) {
        try {
            client.withTimeout(java.time.Duration.ofDays(1))
                    .streamEvents(agent, taskId, afterId > 0 ? Long.toString(afterId) : null, event -> {
                        if (closed.get() || "end".equals(event.event())) {
                            return false;
                        }
                        listener.onEvent(new EventFeed.FeedEvent(id(event.id()), event.event(), json(event.data())));
                        return true;
                    });
        } catch (RuntimeException e) {
            log.debug("relay of task {} from {} ended: {}", taskId, agent, e.getMessage());
        } finally {
            if (!closed.get()) {
                listener.onEnd();
            }
        }
    }

    private static long id(String id) {
        try {
            return id == null ? 0 : Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private JsonNode json(String data) {
        try {
            return mapper.readTree(data);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(data);
        }
    }
}
