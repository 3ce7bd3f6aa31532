package uk.org.phobos.agency.web.live;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.component.EventFeed;

/**
 * The dashboard's one event stream: small "this changed" notices ({@code fleet}, {@code session},
 * {@code queue}) that tell open pages what to fetch again. The newest events are kept for {@code
 * Last-Event-ID} replay; a client that reconnects from further back (or from before a restart: ids
 * start at the clock's milliseconds times 1000, so they grow across restarts) first gets {@code reset},
 * meaning "fetch everything". The stream never ends by itself.
 */
public final class LiveHub implements EventFeed {
    static final int KEPT = 500;

    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private long nextId;

    public LiveHub(Clock clock) {
        this.nextId = clock.millis() * 1000;
    }

    public synchronized void publish(String name, Map<String, ?> data) {
        FeedEvent event = new FeedEvent(nextId++, name, data);
        recent.addLast(event);
        while (recent.size() > KEPT) {
            recent.removeFirst();
        }
        for (EventListener listener : List.copyOf(listeners)) {
            listener.onEvent(event);
        }
    }

    @Override
    public synchronized Subscription subscribe(long afterId, EventListener listener) {
        long oldestKept = recent.isEmpty() ? nextId : recent.peekFirst().id();
        boolean covered = afterId > 0 && afterId >= oldestKept - 1 && afterId < nextId;
        if (afterId > 0 && !covered) {
            listener.onEvent(new FeedEvent(nextId - 1, "reset", Map.of()));
        } else if (afterId == 0) {
            listener.onEvent(new FeedEvent(nextId - 1, "hello", Map.of()));
        }
        if (covered) {
            for (FeedEvent event : recent) {
                if (event.id() > afterId) {
                    listener.onEvent(event);
                }
            }
        }
        listeners.add(listener);
        return () -> {
            synchronized (LiveHub.this) {
                listeners.remove(listener);
            }
        };
    }

    /** Ends every open subscription (shutdown). */
    public synchronized void endAll() {
        for (EventListener listener : List.copyOf(listeners)) {
            listener.onEnd();
        }
        listeners.clear();
    }
}
