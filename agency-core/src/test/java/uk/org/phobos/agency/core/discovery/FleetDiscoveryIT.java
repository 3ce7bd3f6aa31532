package uk.org.phobos.agency.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.component.Statusable;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

class FleetDiscoveryIT {
    @TempDir
    Path root;

    private final List<ComponentServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private FleetTls tls;
    private PortRange range;

    @BeforeEach
    void setUp() throws Exception {
        tls = FleetTls.open(new AgencyHome(root));
        range = quietRange(300);
    }

    @AfterEach
    void tearDown() {
        servers.forEach(ComponentServer::close);
        executor.shutdownNow();
    }

    @Test
    void findsEveryLiveComponentInA300PortRangeAndNothingElse() throws Exception {
        // Three components share the first ten ports of the range: each takes the next free one.
        PortRange firstTen = new PortRange(range.first(), range.first() + 9);
        start("agent-a", ComponentType.AGENT, firstTen);
        start("agent-b", ComponentType.AGENT, firstTen);
        start("scheduler", ComponentType.HELPER, firstTen);
        ScanTarget target = new ScanTarget("127.0.0.1", range);

        List<DiscoveredComponent> found = scanner().scan(List.of(target));

        assertThat(found).extracting(c -> c.status().name()).containsExactly("agent-a", "agent-b", "scheduler");
        assertThat(found)
                .extracting(c -> c.url().getPort())
                .containsExactly(range.first(), range.first() + 1, range.first() + 2);
        assertThat(found.get(2).status().type()).isEqualTo(ComponentType.HELPER);
    }

    @Test
    void fleetHealthGoesDegradedThenDownWhenAComponentStops() {
        ComponentServer doomed = start("agent-a", ComponentType.AGENT, PortRange.single(range.first()));
        start("agent-b", ComponentType.AGENT, PortRange.single(range.first() + 1));
        Fleet fleet = new Fleet(
                scanner(), List.of(new ScanTarget("127.0.0.1", range)), Clock.systemUTC(), Duration.ofHours(1));
        URI doomedUrl = doomed.baseUri();

        assertThat(fleet.refresh()).extracting(FleetMember::health).containsExactly(Health.OK, Health.OK);
        doomed.close();

        List<Health> seen = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            fleet.refresh();
            seen.add(fleet.member(doomedUrl).orElseThrow().health());
        }

        assertThat(seen).containsExactly(Health.DEGRADED, Health.DEGRADED, Health.DOWN);
        assertThat(fleet.healthy(ComponentType.AGENT))
                .extracting(m -> m.status().name())
                .containsExactly("agent-b");
    }

    @Test
    void anOpenPortThatIsNotAComponentIsNotReported() throws Exception {
        try (var stranger = new java.net.ServerSocket(range.first(), 50, java.net.InetAddress.getLoopbackAddress())) {
            start("agent-a", ComponentType.AGENT, PortRange.single(range.first() + 1));

            List<DiscoveredComponent> found = scanner().scan(List.of(new ScanTarget("127.0.0.1", range)));

            assertThat(found).extracting(c -> c.status().name()).containsExactly("agent-a");
        }
    }

    private FleetScanner scanner() {
        // Generous: the first TLS handshakes of a cold JVM on a loaded 2-core machine took over 2 s in CI, and a
        // component that answers late is then (rightly) not reported. A silent port holds a scan this long.
        AgencyClient client =
                AgencyClient.create(tls.clientContext(), Optional.empty()).withTimeout(Duration.ofSeconds(10));
        return new FleetScanner(client, Duration.ofMillis(500), executor);
    }

    private ComponentServer start(String name, ComponentType type, PortRange ports) {
        try {
            ServerKeyStore keys = tls.serverIdentity(name, List.of()).toKeyStore();
            ComponentServer server = ComponentServer.builder(new NamedComponent(name, type))
                    .ports(ports)
                    .tls(keys.keyStore(), keys.password())
                    .token("t")
                    .start();
            servers.add(server);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A range of free loopback ports, so that the test's "nothing else" claim is about our servers only. */
    private static PortRange quietRange(int size) throws Exception {
        PortProbe probe = new PortProbe(Duration.ofMillis(200));
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 10000 + ThreadLocalRandom.current().nextInt(0, 220) * 100; // below the ephemeral range
            PortRange candidate = new PortRange(first, first + size - 1);
            if (probe.openPorts(new ScanTarget("127.0.0.1", candidate)).isEmpty()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no quiet range of " + size + " ports found");
    }

    private record NamedComponent(String name, ComponentType type) implements Statusable {
        @Override
        public String version() {
            return "test";
        }

        @Override
        public String state() {
            return "idle";
        }

        @Override
        public java.util.Map<String, Object> config() {
            return java.util.Map.of();
        }
    }
}
