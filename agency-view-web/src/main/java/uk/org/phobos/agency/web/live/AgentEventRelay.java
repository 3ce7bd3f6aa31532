package uk.org.phobos.agency.web.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.client.ServerSentEventReader;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/**
 * A task's live events, relayed from its agent's {@code GET /task/{id}/events}: the same ids, names
 * and data, so {@code Last-Event-ID} works through the web view. One thread per open relay, from a
 * bounded pool; only to agents that discovery found. Closing the subscription (the browser went away,
 * its sign-in session ended) closes the agent's stream too, so the relay's thread ends then rather
 * than at the agent's next event.
 */
public final class AgentEventRelay {
    private static final Logger log = LoggerFactory.getLogger(AgentEventRelay.class);

    /** Opens a task's event stream on an agent. */
    public interface Upstream {
        /**
         * The stream's body, {@code text/event-stream}; closing it from another thread must end a read
         * blocked in it. Fails when the agent cannot be reached or does not answer {@code 200}.
         */
        InputStream open(URI agent, String taskId, String lastEventId) throws IOException;
    }

    private final Upstream upstream;
    private final FleetDirectory fleet;
    private final ExecutorService threads;
    private final ObjectMapper mapper;

    public AgentEventRelay(Upstream upstream, FleetDirectory fleet, ExecutorService threads, ObjectMapper mapper) {
        this.upstream = upstream;
        this.fleet = fleet;
        this.threads = threads;
        this.mapper = mapper;
    }

    public EventFeed feed(URI agent, String taskId) {
        URI known = fleet.requireMember(agent).url();
        return (afterId, listener) -> {
            Relay relay = new Relay(known, taskId, afterId, listener);
            try {
                threads.execute(relay);
            } catch (RejectedExecutionException e) {
                throw ApiException.unavailable("too many live streams are open: close a tab and try again");
            }
            return relay::close;
        };
    }

    /** One relay: its thread reads the agent's stream until it ends or the subscription is closed. */
    private final class Relay implements Runnable {
        private final URI agent;
        private final String taskId;
        private final long afterId;
        private final EventFeed.EventListener listener;
        private InputStream stream;
        private boolean closed;

        Relay(URI agent, String taskId, long afterId, EventFeed.EventListener listener) {
            this.agent = agent;
            this.taskId = taskId;
            this.afterId = afterId;
            this.listener = listener;
        }

        @Override
        public void run() {
            try {
                String lastEventId = afterId > 0 ? Long.toString(afterId) : null;
                InputStream opened = upstream.open(agent, taskId, lastEventId);
                synchronized (this) {
                    if (closed) {
                        opened.close();
                        return;
                    }
                    stream = opened;
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(opened, StandardCharsets.UTF_8));
                ServerSentEventReader.read(reader, lastEventId, event -> {
                    if (isClosed() || "end".equals(event.event())) {
                        return false;
                    }
                    listener.onEvent(new EventFeed.FeedEvent(id(event.id()), event.event(), json(event.data())));
                    return true;
                });
            } catch (IOException | RuntimeException e) {
                log.debug("relay of task {} from {} ended: {}", taskId, agent, e.getMessage());
            } finally {
                closeStream();
                if (!isClosed()) {
                    listener.onEnd();
                }
            }
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        /** Stops the relay: no more events, and the agent's stream is closed, which ends a blocked read. */
        void close() {
            synchronized (this) {
                closed = true;
            }
            closeStream();
        }

        private void closeStream() {
            InputStream open;
            synchronized (this) {
                open = stream;
                stream = null;
            }
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    log.debug("closing the event stream of task {} from {}: {}", taskId, agent, e.getMessage());
                }
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
