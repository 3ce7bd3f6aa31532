package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.web.auth.MutableClock;

class BrowserStreamsTest {
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final Set<String> signedIn = ConcurrentHashMap.newKeySet();
    private final BrowserStreams streams = new BrowserStreams(mapper, signedIn::contains, Runnable::run);
    private final LiveHub hub = new LiveHub(new MutableClock(), Runnable::run);

    /** A browser's end of a stream, in memory. */
    static final class FakeSink implements BrowserStreams.Sink {
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        volatile boolean gone; // the browser went away: the next write fails and closes the stream
        private volatile Runnable onClose = () -> {};

        @Override
        public void send(String event, String data, String id) {
            write(event);
        }

        @Override
        public void comment(String text) {
            write(":" + text);
        }

        private void write(String what) {
            if (gone) {
                close();
                return;
            }
            received.add(what);
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                onClose.run();
            }
        }

        @Override
        public void onClose(Runnable action) {
            onClose = action;
        }

        List<String> events() {
            return received.stream().filter(e -> !e.startsWith(":")).toList();
        }
    }

    /** A feed that only records whether it is still subscribed, like an agent relay. */
    static final class FakeFeed implements EventFeed {
        volatile EventListener listener;
        volatile boolean open;

        @Override
        public Subscription subscribe(long afterId, EventListener listener) {
            this.listener = listener;
            open = true;
            return () -> open = false;
        }
    }

    private FakeSink open(String session, EventFeed feed) {
        FakeSink sink = new FakeSink();
        streams.open(session, sink, feed, 0);
        return sink;
    }

    @Test
    void revokingASessionClosesItsStreamsAndEndsTheirFeedsButNoOneElses() {
        signedIn.addAll(List.of("laptop", "phone"));
        FakeSink phoneNotices = open("phone", hub);
        FakeFeed phoneRelay = new FakeFeed();
        FakeSink phoneOutput = open("phone", phoneRelay);
        FakeSink laptopNotices = open("laptop", hub);
        FakeFeed laptopRelay = new FakeFeed();
        FakeSink laptopOutput = open("laptop", laptopRelay);
        assertThat(streams.openCount("phone")).isEqualTo(2);

        signedIn.remove("phone");
        streams.closeSession("phone");
        hub.publish("session", Map.of("session_id", "s1"));
        phoneRelay.listener.onEvent(new EventFeed.FeedEvent(7, "text", Map.of("text", "secret output")));

        assertThat(phoneNotices.closed).isTrue();
        assertThat(phoneOutput.closed).isTrue();
        assertThat(phoneRelay.open).as("the relay's subscription is closed").isFalse();
        assertThat(phoneNotices.events()).containsExactly("hello");
        assertThat(phoneOutput.events()).isEmpty();
        assertThat(streams.openCount("phone")).isZero();
        assertThat(laptopNotices.closed).isFalse();
        assertThat(laptopOutput.closed).isFalse();
        assertThat(laptopRelay.open).isTrue();
        assertThat(laptopNotices.events()).containsExactly("hello", "session");
    }

    @Test
    void everySessionsStreamsCloseWhenAllAreRevoked() {
        signedIn.addAll(List.of("laptop", "phone"));
        FakeSink laptop = open("laptop", hub);
        FakeSink phone = open("phone", hub);

        for (String session : List.of("laptop", "phone")) { // what AuthSessions.revokeAll reports
            signedIn.remove(session);
            streams.closeSession(session);
        }

        assertThat(laptop.closed).isTrue();
        assertThat(phone.closed).isTrue();
        assertThat(hub.clientCount()).isZero();
    }

    @Test
    void aStreamOpenedJustAfterItsSessionEndedIsClosedAtOnce() {
        FakeFeed feed = new FakeFeed();

        FakeSink sink = open("revoked-meanwhile", feed);

        assertThat(sink.closed).isTrue();
        assertThat(feed.open).isFalse();
        assertThat(streams.openCount("revoked-meanwhile")).isZero();
    }

    @Test
    void theHeartbeatFindsBrowsersThatWentAwayAndEndsTheirFeeds() {
        signedIn.add("laptop");
        FakeFeed relay = new FakeFeed();
        FakeSink gone = open("laptop", relay);
        FakeSink staying = open("laptop", hub);

        gone.gone = true;
        streams.beat();

        assertThat(gone.closed).isTrue();
        assertThat(relay.open)
                .as("the relay ends without waiting for the agent's next event")
                .isFalse();
        assertThat(staying.closed).isFalse();
        assertThat(staying.received).contains(":" + BrowserStreams.HEARTBEAT);
        assertThat(streams.openCount("laptop")).isEqualTo(1);
    }

    @Test
    void theHeartbeatClosesStreamsOfSessionsThatExpired() {
        signedIn.add("laptop");
        FakeSink sink = open("laptop", hub);

        signedIn.remove("laptop");
        streams.beat();

        assertThat(sink.closed).isTrue();
        assertThat(hub.clientCount()).isZero();
    }

    @Test
    void aFeedThatEndsSendsEndAndClosesTheStream() {
        signedIn.add("laptop");
        FakeFeed relay = new FakeFeed();
        FakeSink sink = open("laptop", relay);

        relay.listener.onEvent(new EventFeed.FeedEvent(1, "text", Map.of("text", "hi")));
        relay.listener.onEnd();

        assertThat(sink.events()).containsExactly("text", "end");
        assertThat(sink.closed).isTrue();
        assertThat(streams.openCount("laptop")).isZero();
    }
}
