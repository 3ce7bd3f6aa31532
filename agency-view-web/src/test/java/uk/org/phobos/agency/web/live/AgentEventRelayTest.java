package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

class AgentEventRelayTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final URI AGENT = URI.create("https://127.0.0.1:9000");

    private final ThreadPoolExecutor threads =
            new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** The fleet with one agent, at {@link #AGENT}. */
    static FleetDirectory oneAgent() {
        StatusReport status = new StatusReport(
                ComponentType.AGENT, "agent-0", List.of(), "1", "working", Instant.EPOCH, 0, Map.of(), Map.of());
        FleetMember member = new FleetMember(AGENT, status, Health.OK, 0, Instant.EPOCH);
        return new FleetDirectory() {
            @Override
            public List<FleetMember> members() {
                return List.of(member);
            }

            @Override
            public List<AgentSlot> agents() {
                return List.of(new AgentSlot(AGENT, "agent-0", true, "working", Instant.EPOCH));
            }

            @Override
            public Optional<FleetMember> member(URI url) {
                return AGENT.equals(url) ? Optional.of(member) : Optional.empty();
            }
        };
    }

    /**
     * An agent's event stream as the JDK client hands it over: what the agent sent so far, then a read
     * that blocks until more comes (never, here) or until the stream is closed from another thread.
     */
    static final class AgentStream extends InputStream {
        private final byte[] sent;
        private int position;
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        AgentStream(String sent) {
            this.sent = sent.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            synchronized (this) {
                if (position < sent.length) {
                    int n = Math.min(length, sent.length - position);
                    System.arraycopy(sent, position, buffer, offset, n);
                    position += n;
                    return n;
                }
            }
            waiting.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // like the JDK's stream, a read does not end on interrupt
            }
            throw new IOException("closed");
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    static final class Recorder implements EventFeed.EventListener {
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
    }

    private AgentEventRelay relay(AgentEventRelay.Upstream upstream) {
        return new AgentEventRelay(upstream, oneAgent(), threads, AgencyJson.newMapper());
    }

    @Test
    void closingTheSubscriptionClosesTheAgentStreamSoTheRelayThreadEndsAtOnce() throws Exception {
        AgentStream agentStream = new AgentStream("id: 1\nevent: text\ndata: {\"text\":\"hi\"}\n\n");
        Recorder browser = new Recorder();
        EventFeed.Subscription subscription =
                relay((agent, task, last) -> agentStream).feed(AGENT, "t1").subscribe(0, browser);
        Deadline.after(WAIT).await("the first event", () -> browser.events.size() == 1);
        assertThat(agentStream.waiting.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the relay waits for the agent's next event")
                .isTrue();

        subscription.close(); // the browser went away: no further agent event comes

        assertThat(agentStream.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the agent's stream is closed")
                .isTrue();
        threads.shutdown();
        assertThat(threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the relay's thread has ended")
                .isTrue();
        assertThat(browser.events).extracting(EventFeed.FeedEvent::id).containsExactly(1L);
        assertThat(browser.ended).as("a closed subscription hears nothing more").isFalse();
    }

    @Test
    void aSubscriptionClosedBeforeTheAgentAnsweredClosesTheStreamOnceItOpens() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AgentStream agentStream = new AgentStream("id: 1\nevent: text\ndata: {}\n\n");
        Recorder browser = new Recorder();
        EventFeed.Subscription subscription = relay((agent, task, last) -> {
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return agentStream;
                })
                .feed(AGENT, "t1")
                .subscribe(0, browser);

        subscription.close();
        answer.countDown();

        assertThat(agentStream.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        threads.shutdown();
        assertThat(threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(browser.events).isEmpty();
        assertThat(browser.ended).isFalse();
    }

    @Test
    void eventsAreRelayedWithTheirIdsUntilTheAgentSaysEnd() throws Exception {
        String[] asked = new String[1];
        AgentStream agentStream = new AgentStream("id: 5\nevent: text\ndata: {\"text\":\"hi\"}\n\n"
                + "id: 6\nevent: result\ndata: {\"ok\":true}\n\n"
                + "id: 7\nevent: end\ndata: {}\n\n");
        Recorder browser = new Recorder();

        relay((agent, task, last) -> {
                    asked[0] = agent + " " + task + " " + last;
                    return agentStream;
                })
                .feed(AGENT, "t1")
                .subscribe(4, browser);

        Deadline.after(WAIT).await("the end", () -> browser.ended);
        assertThat(asked[0]).isEqualTo(AGENT + " t1 4");
        assertThat(browser.events).extracting(EventFeed.FeedEvent::name).containsExactly("text", "result");
        assertThat(browser.events).extracting(EventFeed.FeedEvent::id).containsExactly(5L, 6L);
        assertThat(browser.events.get(0).data().toString()).contains("hi");
        assertThat(agentStream.closed.getCount()).isZero();
    }
}
