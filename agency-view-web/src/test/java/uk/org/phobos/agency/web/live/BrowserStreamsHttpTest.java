package uk.org.phobos.agency.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.web.auth.MutableClock;

/** {@link BrowserStreams} with Javalin's real Server-Sent Events over a socket (plain HTTP, in-process). */
class BrowserStreamsHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Set<String> signedIn = ConcurrentHashMap.newKeySet();
    private final BrowserStreams streams =
            new BrowserStreams(AgencyJson.newMapper(), signedIn::contains, Runnable::run);
    private final LiveHub hub = new LiveHub(new MutableClock(), Runnable::run);
    private final ThreadPoolExecutor relayThreads =
            new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final AtomicReference<EventFeed> feed = new AtomicReference<>(hub);
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.startup.startupWatcherEnabled = false;
                    config.jetty.host = "127.0.0.1";
                    config.jetty.port = 0;
                    config.routes.sse("/events/{session}", client -> {
                        streams.open(client.ctx().pathParam("session"), client, feed.get(), 0);
                    });
                })
                .start();
    }

    @AfterEach
    void stop() {
        app.stop();
        relayThreads.shutdownNow();
        readers.shutdownNow();
    }

    /** A browser's connection: reads lines of the stream on its own thread until it ends. */
    private final class Browser implements AutoCloseable {
        final Socket socket;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Future<?> reading;

        Browser(String session) throws IOException {
            socket = new Socket("127.0.0.1", app.port());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events/" + session + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            reading = readers.submit(() -> {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
                return null;
            });
        }

        void await(String line) {
            Deadline.after(WAIT).await("'" + line + "' on the stream", () -> lines.contains(line));
        }

        /** True once the server ended the response (the read saw the end of the stream). */
        boolean ended() {
            return reading.isDone();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void signingASessionOutEndsItsOpenStreamsForTheBrowser() throws Exception {
        signedIn.addAll(List.of("laptop", "phone"));
        try (Browser phone = new Browser("phone");
                Browser laptop = new Browser("laptop")) {
            phone.await("event: hello");
            laptop.await("event: hello");

            signedIn.remove("phone");
            streams.closeSession("phone");

            Deadline.after(WAIT).await("the phone's stream to end", phone::ended);
            hub.publish("fleet", java.util.Map.of());
            laptop.await("event: fleet");
            assertThat(laptop.ended()).isFalse();
            assertThat(phone.lines).doesNotContain("event: fleet");
        }
    }

    @Test
    void aBrowserThatGoesAwayEndsItsAgentRelayAtTheNextHeartbeat() throws Exception {
        signedIn.add("laptop");
        AgentEventRelayTest.AgentStream agentStream =
                new AgentEventRelayTest.AgentStream("id: 1\nevent: text\ndata: {\"text\":\"hi\"}\n\n");
        AgentEventRelay relay = new AgentEventRelay(
                (agent, task, last) -> agentStream,
                AgentEventRelayTest.oneAgent(),
                relayThreads,
                AgencyJson.newMapper());
        feed.set(relay.feed(AgentEventRelayTest.AGENT, "t1"));
        Browser browser = new Browser("laptop");
        browser.await("event: text");
        assertThat(agentStream.waiting.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        browser.close(); // the tab is closed; the agent sends nothing more

        Deadline.after(WAIT).await("the relay to see the browser gone", () -> {
            streams.beat(); // every 15 seconds in the web view
            return agentStream.closed.getCount() == 0;
        });
        relayThreads.shutdown();
        assertThat(relayThreads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the relay's thread has ended")
                .isTrue();
        assertThat(streams.openCount("laptop")).isZero();
    }
}
