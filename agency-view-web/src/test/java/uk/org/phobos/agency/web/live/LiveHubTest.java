package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.web.auth.MutableClock;

class LiveHubTest {
    private final LiveHub hub = new LiveHub(new MutableClock());

    private static final class Recorder implements EventFeed.EventListener {
        final List<EventFeed.FeedEvent> events = new ArrayList<>();
        boolean ended;

        @Override
        public void onEvent(EventFeed.FeedEvent event) {
            events.add(event);
        }

        @Override
        public void onEnd() {
            ended = true;
        }

        List<String> names() {
            return events.stream().map(EventFeed.FeedEvent::name).toList();
        }
    }

    @Test
    void aNewClientGetsHelloThenLiveEventsWithIncreasingIds() {
        Recorder client = new Recorder();
        hub.subscribe(0, client);

        hub.publish("fleet", Map.of());
        hub.publish("session", Map.of("session_id", "s1"));

        assertThat(client.names()).containsExactly("hello", "fleet", "session");
        assertThat(client.events.get(2).id()).isGreaterThan(client.events.get(1).id());
    }

    @Test
    void aReconnectingClientGetsWhatItMissedAfterItsLastEventId() {
        Recorder first = new Recorder();
        EventFeed.Subscription subscription = hub.subscribe(0, first);
        hub.publish("fleet", Map.of());
        long lastSeen = first.events.get(1).id();
        subscription.close();
        hub.publish("session", Map.of("session_id", "s1"));
        hub.publish("queue", Map.of());

        Recorder again = new Recorder();
        hub.subscribe(lastSeen, again);

        assertThat(again.names()).containsExactly("session", "queue");
        assertThat(first.names()).containsExactly("hello", "fleet");
    }

    @Test
    void aClientFromTooLongAgoOrAnotherRunIsToldToReset() {
        Recorder fromAnotherRun = new Recorder();
        hub.subscribe(42, fromAnotherRun);
        for (int i = 0; i < LiveHub.KEPT + 10; i++) {
            hub.publish("fleet", Map.of());
        }
        Recorder tooOld = new Recorder();
        hub.subscribe(fromAnotherRun.events.get(1).id(), tooOld);

        assertThat(fromAnotherRun.names().get(0)).isEqualTo("reset");
        assertThat(tooOld.names()).containsExactly("reset");
    }

    @Test
    void shutdownEndsEveryStream() {
        Recorder client = new Recorder();
        hub.subscribe(0, client);

        hub.endAll();

        assertThat(client.ended).isTrue();
    }
}
