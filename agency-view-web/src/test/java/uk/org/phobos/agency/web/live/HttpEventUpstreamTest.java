package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The relay over the JDK's HTTP client against an agent stand-in that sends one event and then
 * nothing (plain HTTP: the TLS part is the fleet's usual client setup).
 */
class HttpEventUpstreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch agentDone = new CountDownLatch(1);
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> lastEventId = new AtomicReference<>();
    private final ThreadPoolExecutor threads =
            new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
    private HttpServer agent;
    private URI agentUrl;

    @BeforeEach
    void start() throws Exception {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/task/t1/events", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastEventId.set(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("id: 4\nevent: text\ndata: {\"text\":\"hi\"}\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            try {
                agentDone.await(); // a long quiet step: the agent sends nothing for a while
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        agent.start();
        agentUrl = URI.create("http://127.0.0.1:" + agent.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        agentDone.countDown();
        agent.stop(0);
        threads.shutdownNow();
    }

    private FleetDirectory fleet() {
        StatusReport status = new StatusReport(
                ComponentType.AGENT, "agent-0", List.of(), "1", "working", Instant.EPOCH, 0, Map.of(), Map.of());
        FleetMember member = new FleetMember(agentUrl, status, Health.OK, 0, Instant.EPOCH);
        return new FleetDirectory() {
            @Override
            public List<FleetMember> members() {
                return List.of(member);
            }

            @Override
            public List<AgentSlot> agents() {
                return List.of();
            }

            @Override
            public Optional<FleetMember> member(URI url) {
                return agentUrl.equals(url) ? Optional.of(member) : Optional.empty();
            }
        };
    }

    @Test
    void closingTheBrowserSideEndsTheRelayWithoutWaitingForTheAgentsNextEvent() throws Exception {
        AgentEventRelay relay = new AgentEventRelay(
                new HttpEventUpstream(SSLContext.getDefault(), Optional.of("fleet-token")),
                fleet(),
                threads,
                AgencyJson.newMapper());
        AgentEventRelayTest.Recorder browser = new AgentEventRelayTest.Recorder();

        EventFeed.Subscription subscription = relay.feed(agentUrl, "t1").subscribe(3, browser);
        Deadline.after(WAIT).await("the agent's first event", () -> browser.events.size() == 1);
        assertThat(threads.getActiveCount()).isEqualTo(1);

        subscription.close();

        Deadline.after(WAIT).await("the relay's thread to end", () -> threads.getActiveCount() == 0);
        assertThat(agentDone.getCount())
                .as("the agent has still sent nothing more")
                .isEqualTo(1);
        assertThat(browser.events.get(0).id()).isEqualTo(4);
        assertThat(browser.ended).isFalse();
        assertThat(authorization.get()).isEqualTo("Bearer fleet-token");
        assertThat(lastEventId.get()).isEqualTo("3");
    }
}
