package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.web.auth.MutableClock;

class LiveHubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock();
    /** Sends run in the publishing thread (outside the hub's lock): deliveries are done when publish returns. */
    private final LiveHub hub = new LiveHub(clock, Runnable::run);

    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final ExecutorService publishers = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        senders.shutdownNow();
        publishers.shutdownNow();
    }

    private static class Recorder implements EventFeed.EventListener {
        final List<EventFeed.FeedEvent> events = new CopyOnWriteArrayList<>();
        volatile boolean ended;

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

    /** A browser whose connection stopped taking data: its send of {@code fleet} blocks until released. */
    private static final class Stuck extends Recorder {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEvent(EventFeed.FeedEvent event) {
            super.onEvent(event);
            if (event.name().equals("fleet")) {
                sending.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void publishWithin(LiveHub on, String name) throws Exception {
        Future<?> published = publishers.submit(() -> on.publish(name, Map.of()));
        published.get(WAIT.toSeconds(), TimeUnit.SECONDS); // fails the test (TimeoutException) when publish blocks
    }

    private static void awaitNames(Recorder client, String... names) {
        Deadline.after(WAIT)
                .await("events " + List.of(names), () -> client.names().equals(List.of(names)));
    }

    @Test
    void aClientWhoseSendBlocksHoldsUpNeitherPublishersNorOtherClients() throws Exception {
        LiveHub live = new LiveHub(clock, senders);
        Stuck stuck = new Stuck();
        Recorder other = new Recorder();
        live.subscribe(0, stuck); // first in line
        live.subscribe(0, other);
        awaitNames(other, "hello");

        publishWithin(live, "fleet");
        assertThat(stuck.sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        publishWithin(live, "session");
        publishWithin(live, "queue");

        awaitNames(other, "hello", "fleet", "session", "queue");
        assertThat(stuck.names()).containsExactly("hello", "fleet");
        stuck.release.countDown();
        awaitNames(stuck, "hello", "fleet", "session", "queue"); // a short stall only delays it
        assertThat(live.clientCount()).isEqualTo(2);
    }

    @Test
    void aClientStuckInOneSendForTooLongIsDroppedAndItsStreamEnded() throws Exception {
        LiveHub live = new LiveHub(clock, senders);
        Stuck stuck = new Stuck();
        Recorder other = new Recorder();
        live.subscribe(0, stuck);
        live.subscribe(0, other);
        publishWithin(live, "fleet");
        assertThat(stuck.sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        clock.advance(LiveHub.MAX_SEND.plusSeconds(1));
        publishWithin(live, "session");

        assertThat(live.clientCount()).as("the stuck client is dropped").isEqualTo(1);
        awaitNames(other, "hello", "fleet", "session");
        stuck.release.countDown();
        Deadline.after(WAIT).await("the stuck client's end", () -> stuck.ended);
        publishWithin(live, "queue");
        awaitNames(other, "hello", "fleet", "session", "queue");
        assertThat(stuck.names()).containsExactly("hello", "fleet");
    }

    @Test
    void aClientWithTooManyEventsWaitingIsDropped() throws Exception {
        LiveHub live = new LiveHub(clock, senders);
        Stuck stuck = new Stuck();
        Recorder other = new Recorder();
        live.subscribe(0, stuck);
        live.subscribe(0, other);
        publishWithin(live, "fleet");
        assertThat(stuck.sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i <= LiveHub.MAX_PENDING; i++) {
            publishWithin(live, "session");
        }

        assertThat(live.clientCount()).isEqualTo(1);
        Deadline.after(WAIT)
                .await("every event at the other client", () -> other.events.size() == LiveHub.MAX_PENDING + 3);
        stuck.release.countDown();
        Deadline.after(WAIT).await("the stuck client's end", () -> stuck.ended);
        assertThat(stuck.names()).containsExactly("hello", "fleet");
    }

    @Test
    void aClientWhoseSendFailsIsDroppedAndTheOthersGoOn() {
        Recorder failing = new Recorder() {
            @Override
            public void onEvent(EventFeed.FeedEvent event) {
                super.onEvent(event);
                if (event.name().equals("fleet")) {
                    throw new IllegalStateException("connection reset");
                }
            }
        };
        Recorder other = new Recorder();
        hub.subscribe(0, failing);
        hub.subscribe(0, other);

        hub.publish("fleet", Map.of());
        hub.publish("session", Map.of());

        assertThat(failing.names()).containsExactly("hello", "fleet");
        assertThat(failing.ended).isTrue();
        assertThat(other.names()).containsExactly("hello", "fleet", "session");
        assertThat(hub.clientCount()).isEqualTo(1);
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() {
        Recorder client = new Recorder();
        EventFeed.Subscription subscription = hub.subscribe(0, client);

        subscription.close();
        hub.publish("fleet", Map.of());

        assertThat(client.names()).containsExactly("hello");
        assertThat(client.ended).isFalse();
        assertThat(hub.clientCount()).isZero();
    }
}
