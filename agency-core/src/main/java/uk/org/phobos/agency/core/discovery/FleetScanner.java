package uk.org.phobos.agency.core.discovery;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.client.AgencyClient;

/**
 * Scans port ranges for Agency components: a non-blocking TCP sweep finds the open ports, then
 * each open port is asked for {@code GET /status} in parallel. Whatever does not answer with a
 * status report (another program, a component of another fleet whose certificate we do not trust)
 * is not reported.
 */
public final class FleetScanner {
    private static final Logger log = LoggerFactory.getLogger(FleetScanner.class);

    private final StatusSource statuses;
    private final PortProbe probe;
    private final ExecutorService executor;

    /**
     * @param client used for {@code /status}; its timeout bounds how long one silent port can hold a scan
     * @param executor runs the status calls in parallel
     */
    public FleetScanner(AgencyClient client, Duration connectTimeout, ExecutorService executor) {
        this(client::status, connectTimeout, executor);
    }

    /** As above, asking {@code statuses} for each open port's {@code /status}. */
    public FleetScanner(StatusSource statuses, Duration connectTimeout, ExecutorService executor) {
        this.statuses = statuses;
        this.probe = new PortProbe(connectTimeout);
        this.executor = executor;
    }

    /** Every component found on the targets, ordered by URL. */
    public List<DiscoveredComponent> scan(List<ScanTarget> targets) {
        List<CompletableFuture<Optional<DiscoveredComponent>>> calls = new ArrayList<>();
        for (ScanTarget target : targets) {
            List<Integer> open;
            try {
                open = probe.openPorts(target);
            } catch (IOException e) {
                log.warn("cannot scan {}: {}", target.host(), e.getMessage());
                continue;
            }
            for (int port : open) {
                URI url = url(target.host(), port);
                calls.add(CompletableFuture.supplyAsync(() -> ask(url), executor));
            }
        }
        List<DiscoveredComponent> found = new ArrayList<>();
        for (CompletableFuture<Optional<DiscoveredComponent>> call : calls) {
            call.join().ifPresent(found::add);
        }
        found.sort(Comparator.comparing(component -> component.url().toString()));
        return found;
    }

    /** Asks one URL for its status; empty when it is not an Agency component of this fleet. */
    public Optional<DiscoveredComponent> ask(URI url) {
        try {
            return Optional.of(new DiscoveredComponent(url, statuses.status(url)));
        } catch (RuntimeException e) {
            log.debug("{} is open but did not answer as a component: {}", url, e.getMessage());
            return Optional.empty();
        }
    }

    static URI url(String host, int port) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + shown + ":" + port);
    }
}
