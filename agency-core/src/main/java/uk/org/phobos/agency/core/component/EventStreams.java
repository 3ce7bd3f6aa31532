package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open Server-Sent Event streams of a server, so that shutdown can end them. Public for services
 * that serve event feeds from a second app (the web view's browser side).
 */
public final class EventStreams {
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final ObjectMapper mapper;
    private final Set<SseClient> open = ConcurrentHashMap.newKeySet();

    public EventStreams(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void open(SseClient client, EventFeed feed, long afterId) {
        client.keepAlive();
        open.add(client);
        EventFeed.Subscription subscription = feed.subscribe(afterId, new EventFeed.EventListener() {
            @Override
            public void onEvent(EventFeed.FeedEvent event) {
                try {
                    client.sendEvent(event.name(), mapper.writeValueAsString(event.data()), Long.toString(event.id()));
                } catch (JsonProcessingException e) {
                    log.warn("cannot serialise event {} of a feed", event.id(), e);
                }
            }

            @Override
            public void onEnd() {
                client.sendEvent("end", "{}");
                client.close();
            }
        });
        client.onClose(() -> {
            subscription.close();
            open.remove(client);
        });
        if (client.terminated()) {
            subscription.close();
            open.remove(client);
        }
    }

    public void closeAll() {
        for (SseClient client : open) {
            client.close();
        }
        open.clear();
    }
}
