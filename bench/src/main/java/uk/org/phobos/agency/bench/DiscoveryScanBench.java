package uk.org.phobos.agency.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.component.Statusable;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.discovery.DiscoveredComponent;
import uk.org.phobos.agency.core.discovery.FleetScanner;
import uk.org.phobos.agency.core.discovery.ScanTarget;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * Times a full discovery scan of a 300-port range holding three live components (SPEC.md section 1:
 * "a full scan of the default range finishes well under a second"; target here: under 50 ms warm).
 * Usage: {@code java -cp agency-bench.jar uk.org.phobos.agency.bench.DiscoveryScanBench [FIRST_PORT] [SCANS]}.
 * With no first port it picks a 300-port range where nothing listens, so that running services do not
 * disturb the figure.
 */
public final class DiscoveryScanBench {
    private static final int RANGE = 300;
    private static final int WARMUP_SCANS = 200;

    private DiscoveryScanBench() {}

    public static void main(String[] args) throws Exception {
        int first = args.length > 0 ? Integer.parseInt(args[0]) : quietRangeStart();
        int scans = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path root = Files.createTempDirectory("agency-bench-");
        FleetTls tls = FleetTls.open(new AgencyHome(root));
        List<ComponentServer> servers = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            for (String name : List.of("agent-a", "agent-b", "scheduler")) {
                ServerKeyStore keys = tls.serverIdentity(name, List.of()).toKeyStore();
                servers.add(ComponentServer.builder(new Idle(name))
                        .ports(new PortRange(first, first + 9))
                        .tls(keys.keyStore(), keys.password())
                        .token("bench")
                        .start());
            }
            AgencyClient client =
                    AgencyClient.create(tls.clientContext(), Optional.empty()).withTimeout(Duration.ofSeconds(2));
            FleetScanner scanner = new FleetScanner(client, Duration.ofMillis(500), executor);
            List<ScanTarget> targets = List.of(new ScanTarget("127.0.0.1", new PortRange(first, first + RANGE - 1)));

            long coldStart = System.nanoTime();
            List<DiscoveredComponent> found = scanner.scan(targets);
            double coldMillis = (System.nanoTime() - coldStart) / 1e6;
            if (found.size() != servers.size()) {
                throw new IllegalStateException("expected " + servers.size() + " components, found " + found);
            }
            for (int i = 0; i < WARMUP_SCANS; i++) {
                scanner.scan(targets);
            }
            double[] millis = new double[scans];
            for (int i = 0; i < scans; i++) {
                long start = System.nanoTime();
                int count = scanner.scan(targets).size();
                millis[i] = (System.nanoTime() - start) / 1e6;
                if (count != servers.size()) {
                    throw new IllegalStateException("scan " + i + " found " + count + " components");
                }
            }
            Arrays.sort(millis);
            System.out.printf(
                    "discovery scan: %d ports %d-%d, %d live components, %d warm scans%n",
                    RANGE, first, first + RANGE - 1, servers.size(), scans);
            System.out.printf("  first (cold) scan: %.1f ms%n", coldMillis);
            System.out.printf(
                    "  warm: min %.2f ms, median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    millis[0], pct(millis, 50), pct(millis, 90), pct(millis, 99), millis[millis.length - 1]);
        } finally {
            servers.forEach(ComponentServer::close);
            executor.shutdownNow();
        }
    }

    private static double pct(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The first port of a 300-port range below the ephemeral ports where nothing listens now. */
    private static int quietRangeStart() throws Exception {
        for (int first = 20000; first < 32000; first += RANGE) {
            if (allFree(first)) {
                return first;
            }
        }
        throw new IllegalStateException("no quiet 300-port range between 20000 and 32000");
    }

    private static boolean allFree(int first) {
        for (int port = first; port < first + RANGE; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // bindable, so free
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private record Idle(String name) implements Statusable {
        @Override
        public ComponentType type() {
            return ComponentType.AGENT;
        }

        @Override
        public String version() {
            return "bench";
        }

        @Override
        public String state() {
            return "idle";
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }
}
