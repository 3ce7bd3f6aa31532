package uk.org.phobos.agency.core.component;

/** The events of one task, for Server-Sent Events with {@code Last-Event-ID} replay. */
public interface EventFeed {
    /**
     * Delivers every event with an id greater than {@code afterId} to {@code listener}, then each new
     * one as it happens, then {@link EventListener#onEnd()} once the task has ended. Returns a handle
     * that stops delivery.
     */
    Subscription subscribe(long afterId, EventListener listener);

    interface EventListener {
        void onEvent(FeedEvent event);

        void onEnd();
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** One event: its id (increasing from 1), its SSE event name, and its JSON-serialisable data. */
    record FeedEvent(long id, String name, Object data) {}
}
