package uk.org.phobos.agency.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.discovery.Fleet;
import uk.org.phobos.agency.core.discovery.FleetScanner;
import uk.org.phobos.agency.core.discovery.ScanTarget;
import uk.org.phobos.agency.core.tls.ServerKeyStore;
import uk.org.phobos.agency.web.api.FleetShutdown;
import uk.org.phobos.agency.web.api.ViewComponent;
import uk.org.phobos.agency.web.auth.Argon2id;
import uk.org.phobos.agency.web.auth.AuthGate;
import uk.org.phobos.agency.web.auth.AuthRoutes;
import uk.org.phobos.agency.web.auth.AuthSessions;
import uk.org.phobos.agency.web.auth.ClientAddress;
import uk.org.phobos.agency.web.auth.LoginThrottle;
import uk.org.phobos.agency.web.auth.PairingCodes;
import uk.org.phobos.agency.web.auth.PasswordCheck;
import uk.org.phobos.agency.web.auth.PasswordFile;
import uk.org.phobos.agency.web.auth.Secrets;
import uk.org.phobos.agency.web.auth.SessionCookie;
import uk.org.phobos.agency.web.dashboard.DashboardRoutes;
import uk.org.phobos.agency.web.fleet.FleetWatch;
import uk.org.phobos.agency.web.fleet.HttpAgentGateway;
import uk.org.phobos.agency.web.http.Assets;
import uk.org.phobos.agency.web.http.BrowserServer;
import uk.org.phobos.agency.web.live.AgentEventRelay;
import uk.org.phobos.agency.web.live.BrowserStreams;
import uk.org.phobos.agency.web.live.LiveHub;
import uk.org.phobos.agency.web.queue.Dispatcher;
import uk.org.phobos.agency.web.queue.SessionRecorder;
import uk.org.phobos.agency.web.queue.TaskIntake;
import uk.org.phobos.agency.web.queue.TaskLookup;
import uk.org.phobos.agency.web.queue.TaskQueue;
import uk.org.phobos.agency.web.scheduler.SchedulerRoutes;
import uk.org.phobos.agency.web.sessions.AgentSessionImport;
import uk.org.phobos.agency.web.sessions.Reconciler;
import uk.org.phobos.agency.web.sessions.SessionStore;

/**
 * Wires the web view: state under {@code AGENCY_ROOT/web/}, the fleet watch, queue and dispatcher,
 * sign-in, the browser server, and the component for the internal port. Constructor wiring only.
 */
public final class WebAssembly implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebAssembly.class);
    static final Duration FLUSH_INTERVAL = Duration.ofMinutes(1);
    /** How often every open browser stream gets a heartbeat (see {@link BrowserStreams#beat()}). */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

    private final ScheduledExecutorService scheduler;
    private final ExecutorService scanThreads;
    private final ExecutorService relayThreads;
    private final ExecutorService streamThreads;
    private final BrowserServer browser;
    private final ViewComponent component;
    private final AuthSessions authSessions;
    private final LiveHub hub;
    private final BrowserStreams streams;
    private boolean closed;
    private java.util.concurrent.ScheduledFuture<?> flushing;
    private java.util.concurrent.ScheduledFuture<?> polling;
    private java.util.concurrent.ScheduledFuture<?> heartbeats;

    public WebAssembly(
            WebSettings settings,
            Path stateDir,
            AgencyClient client,
            AgentEventRelay.Upstream agentEvents,
            ServerKeyStore keyStore,
            Optional<String> environmentPassword,
            String version)
            throws IOException {
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = AgencyJson.newMapper();
        SecureRandom random = new SecureRandom();
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("web-poll"));
        this.scanThreads = Executors.newFixedThreadPool(8, daemon("web-scan"));
        this.relayThreads =
                new ThreadPoolExecutor(0, 64, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("web-relay"));
        // Sends to browsers: each stream's own sends and heartbeats, so one stuck browser holds up no other.
        this.streamThreads = Executors.newCachedThreadPool(daemon("web-stream"));

        PasswordCheck.Loaded password = PasswordCheck.load(
                new Argon2id(Argon2id.Cost.DEFAULT, random),
                new PasswordFile(stateDir.resolve("password.argon2")),
                environmentPassword);
        Secrets secrets = new Secrets(random);
        this.authSessions = AuthSessions.open(stateDir.resolve("auth-sessions.json"), mapper, clock, secrets);
        if (password.changed()) {
            authSessions.revokeAll();
        }

        FleetScanner scanner =
                new FleetScanner(client.withTimeout(Duration.ofSeconds(2)), Duration.ofMillis(300), scanThreads);
        Fleet fleet = new Fleet(
                scanner,
                ScanTarget.of(settings.discoveryRange(), settings.extraTargets()),
                clock,
                Duration.ofMinutes(10));
        FleetWatch watch = new FleetWatch(fleet);
        HttpAgentGateway agents = new HttpAgentGateway(client, watch);

        SessionStore sessions = SessionStore.open(stateDir.resolve("sessions"), mapper, clock);
        TaskQueue queue = TaskQueue.open(stateDir.resolve("queue.json"), mapper, clock);
        SessionRecorder recorder = new SessionRecorder(sessions, clock);
        Dispatcher dispatcher =
                new Dispatcher(queue, watch, agents, sessions::busy, sessions::agentOf, clock, recorder);
        Reconciler reconciler = new Reconciler(sessions, watch, agents, clock);
        AgentSessionImport imports = new AgentSessionImport(sessions, agents);
        TaskIntake intake =
                new TaskIntake(queue, dispatcher, sessions, watch, agents, clock, TaskIntake.randomIds(), recorder);
        TaskLookup lookup = new TaskLookup(sessions, queue, reconciler, agents);
        this.hub = new LiveHub(clock, streamThreads);
        this.streams = new BrowserStreams(mapper, authSessions::isLive, streamThreads);
        authSessions.onEnded(streams::closeSession);
        AgentEventRelay relay = new AgentEventRelay(agentEvents, watch, relayThreads, mapper);

        sessions.onChange(id -> hub.publish("session", Map.of("session_id", id)));
        queue.onChange(() -> hub.publish("queue", Map.of()));
        watch.onChange(change -> {
            if (change.anyChange()) {
                hub.publish("fleet", Map.of());
            }
            change.appeared().stream()
                    .filter(member -> member.status().type() == uk.org.phobos.agency.core.api.ComponentType.AGENT)
                    .forEach(imports::importFrom);
            reconciler.reconcile();
            dispatcher.pass();
        });

        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("name", settings.name());
        shown.put("browser_port", settings.browserPort());
        shown.put("internal_port", settings.internalPort());
        shown.put("discovery_range", settings.discoveryRange().toString());
        shown.put("discover", settings.extraTargets());
        shown.put("trusted_proxy", settings.trustedProxy().orElse(null));
        shown.put("poll_interval_seconds", settings.pollInterval().toSeconds());
        this.component = new ViewComponent(
                settings.name(),
                version,
                shown,
                intake,
                lookup,
                sessions,
                queue,
                relay,
                new FleetShutdown(watch, client));

        Assets assets = Assets.dashboard();
        SessionCookie cookie = new SessionCookie();
        AuthGate gate = new AuthGate(authSessions, cookie, new ClientAddress(settings.trustedProxy()));
        AuthRoutes auth = new AuthRoutes(
                password.check(),
                authSessions,
                new PairingCodes(clock, secrets),
                new LoginThrottle(clock, LoginThrottle.DEFAULT_MAX_FAILURES, LoginThrottle.DEFAULT_PERIOD),
                gate,
                cookie,
                assets,
                clock);
        DashboardRoutes dashboard = new DashboardRoutes(
                assets,
                watch,
                sessions,
                queue,
                intake,
                lookup,
                hub,
                relay,
                streams,
                gate,
                Map.of("type", "view", "name", settings.name(), "version", version, "state", "running"));
        this.browser = new BrowserServer(
                settings.bind(),
                settings.browserPort(),
                keyStore.keyStore(),
                keyStore.password(),
                mapper,
                gate,
                List.of(auth, dashboard, new SchedulerRoutes(watch, client)));

        component.onPersist(this::close);
        this.flushing = scheduler.scheduleWithFixedDelay(
                this::flushQuietly, FLUSH_INTERVAL.toSeconds(), FLUSH_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        this.polling = watch.start(scheduler, settings.pollInterval());
        this.heartbeats = scheduler.scheduleWithFixedDelay(
                streams::beat, HEARTBEAT_INTERVAL.toSeconds(), HEARTBEAT_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    public ViewComponent component() {
        return component;
    }

    public BrowserServer browser() {
        return browser;
    }

    private void flushQuietly() {
        try {
            authSessions.flush();
        } catch (RuntimeException e) {
            log.warn("cannot save sign-in sessions: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        polling.cancel(false);
        flushing.cancel(false);
        heartbeats.cancel(false);
        scheduler.shutdownNow();
        flushQuietly();
        hub.endAll();
        streams.closeAll();
        browser.close();
        relayThreads.shutdownNow();
        streamThreads.shutdownNow();
        scanThreads.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
