package uk.org.phobos.agency.agent.task;

import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.core.component.EventFeed;

/**
 * The numbered events of one task, kept for replay ({@code Last-Event-ID}) and pushed to live
 * listeners. Ids start at 1 and never repeat; once the task has ended, listeners get {@code onEnd}.
 */
public final class TaskEventLog implements EventFeed {
    static final int MAX_EVENTS = 20_000;

    private final List<FeedEvent> events = new ArrayList<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private long nextId = 1;
    private boolean ended;

    /** Appends an event and hands it to every live listener. */
    public synchronized void append(String name, Object data) {
        if (ended) {
            return;
        }
        FeedEvent event = new FeedEvent(nextId++, name, data);
        events.add(event);
        if (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
        for (EventListener listener : List.copyOf(listeners)) {
            listener.onEvent(event);
        }
    }

    /** Marks the log complete: live listeners get {@code onEnd}, later subscribers replay and end. */
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (EventListener listener : List.copyOf(listeners)) {
            listener.onEnd();
        }
        listeners.clear();
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    public synchronized List<FeedEvent> snapshot() {
        return List.copyOf(events);
    }

    @Override
    public synchronized Subscription subscribe(long afterId, EventListener listener) {
        for (FeedEvent event : events) {
            if (event.id() > afterId) {
                listener.onEvent(event);
            }
        }
        if (ended) {
            listener.onEnd();
            return () -> {};
        }
        listeners.add(listener);
        return () -> {
            synchronized (TaskEventLog.this) {
                listeners.remove(listener);
            }
        };
    }
}
