package uk.org.phobos.agency.web.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.component.EventFeed;

/**
 * The browser side's open Server-Sent Event streams (the dashboard's notices and relayed agent
 * output), each filed under the sign-in session that opened it. When a session ends (revoked, signed
 * out, expired, or all of them at a password change) {@link #closeSession} closes its streams at once,
 * which also ends their feeds, so a revoked browser stops receiving anything.
 *
 * <p>{@link #beat()} (every {@code 15} seconds in the web view) writes a comment to every stream: it
 * keeps idle streams open through proxies, closes the streams of sessions that are no longer valid,
 * and finds browsers that went away, since a write to them fails and closes the stream, ending its
 * feed (and so an agent relay's thread). Writes to one stream never overlap; a heartbeat skips a
 * stream that is busy sending.
 */
public final class BrowserStreams {
    private static final Logger log = LoggerFactory.getLogger(BrowserStreams.class);
    static final String HEARTBEAT = "keep-alive";

    /** One open stream to a browser: Javalin's {@link SseClient}, or a stand-in in tests. */
    public interface Sink {
        void send(String event, String data, String id);

        void comment(String text);

        boolean closed();

        void close();

        /** Runs {@code action} once the stream is closed, by either side. */
        void onClose(Runnable action);
    }

    private final ObjectMapper mapper;
    private final Predicate<String> liveSession;
    private final Executor writers;
    private final Map<String, Set<Stream>> bySession = new HashMap<>();

    /**
     * @param liveSession whether a sign-in session (by its opaque id) is still valid
     * @param writers where heartbeats are written, so that a stuck browser holds up no other
     */
    public BrowserStreams(ObjectMapper mapper, Predicate<String> liveSession, Executor writers) {
        this.mapper = mapper;
        this.liveSession = liveSession;
        this.writers = writers;
    }

    /** Serves {@code feed} from {@code afterId} on {@code client}, for sign-in session {@code session}. */
    public void open(String session, SseClient client, EventFeed feed, long afterId) {
        open(session, sink(client), feed, afterId);
    }

    public void open(String session, Sink sink, EventFeed feed, long afterId) {
        Stream stream = new Stream(session, sink);
        synchronized (this) {
            bySession.computeIfAbsent(session, id -> new LinkedHashSet<>()).add(stream);
        }
        sink.onClose(stream::end);
        try {
            stream.attach(feed.subscribe(afterId, stream));
        } catch (RuntimeException e) {
            log.warn("cannot open a live stream: {}", e.getMessage());
            stream.end();
            return;
        }
        // Closed while it opened, or its session ended between the sign-in check and now.
        if (sink.closed() || !liveSession.test(session)) {
            stream.end();
        }
    }

    /** Closes every stream of a sign-in session that has ended. */
    public void closeSession(String session) {
        List<Stream> streams;
        synchronized (this) {
            Set<Stream> open = bySession.remove(session);
            streams = open == null ? List.of() : List.copyOf(open);
        }
        streams.forEach(Stream::end);
    }

    /** Closes every stream (shutdown). */
    public void closeAll() {
        all().forEach(Stream::end);
    }

    /** A comment to every stream: finds browsers that went away; closes streams of ended sessions. */
    public void beat() {
        for (Stream stream : all()) {
            if (!liveSession.test(stream.session)) {
                stream.end();
                continue;
            }
            try {
                writers.execute(stream::beat);
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    /** How many streams a sign-in session has open. */
    public synchronized int openCount(String session) {
        Set<Stream> open = bySession.get(session);
        return open == null ? 0 : open.size();
    }

    private synchronized List<Stream> all() {
        List<Stream> all = new ArrayList<>();
        bySession.values().forEach(all::addAll);
        return all;
    }

    private synchronized void forget(Stream stream) {
        Set<Stream> open = bySession.get(stream.session);
        if (open != null && open.remove(stream) && open.isEmpty()) {
            bySession.remove(stream.session);
        }
    }

    private final class Stream implements EventFeed.EventListener {
        private final String session;
        private final Sink sink;
        private final ReentrantLock writing = new ReentrantLock();
        private EventFeed.Subscription subscription;
        private boolean ended;

        Stream(String session, Sink sink) {
            this.session = session;
            this.sink = sink;
        }

        void attach(EventFeed.Subscription opened) {
            boolean already;
            synchronized (this) {
                already = ended;
                subscription = opened;
            }
            if (already) {
                opened.close();
            }
        }

        @Override
        public void onEvent(EventFeed.FeedEvent event) {
            String data;
            try {
                data = mapper.writeValueAsString(event.data());
            } catch (JsonProcessingException e) {
                log.warn("cannot serialise live event {}", event.id(), e);
                return;
            }
            write(() -> sink.send(event.name(), data, Long.toString(event.id())));
        }

        @Override
        public void onEnd() {
            write(() -> sink.send("end", "{}", null));
            end();
        }

        void beat() {
            if (!writing.tryLock()) {
                return; // busy sending, which finds a closed browser as well
            }
            try {
                if (!isEnded() && !sink.closed()) {
                    sink.comment(HEARTBEAT);
                }
            } finally {
                writing.unlock();
            }
            if (sink.closed()) {
                end();
            }
        }

        private void write(Runnable send) {
            writing.lock();
            try {
                if (!isEnded() && !sink.closed()) {
                    send.run();
                }
            } finally {
                writing.unlock();
            }
            if (sink.closed()) {
                end();
            }
        }

        private synchronized boolean isEnded() {
            return ended;
        }

        /** Stops the feed and closes the stream; never waits for a write in progress. */
        void end() {
            EventFeed.Subscription feed;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                feed = subscription;
            }
            forget(this);
            try {
                if (feed != null) {
                    feed.close();
                }
            } finally {
                sink.close();
            }
        }
    }

    static Sink sink(SseClient client) {
        client.keepAlive();
        return new Sink() {
            @Override
            public void send(String event, String data, String id) {
                client.sendEvent(event, data, id);
            }

            @Override
            public void comment(String text) {
                client.sendComment(text);
            }

            @Override
            public boolean closed() {
                return client.terminated();
            }

            @Override
            public void close() {
                client.close();
            }

            @Override
            public void onClose(Runnable action) {
                client.onClose(action);
            }
        };
    }
}
