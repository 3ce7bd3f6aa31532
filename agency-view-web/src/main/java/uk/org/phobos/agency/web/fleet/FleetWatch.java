package uk.org.phobos.agency.web.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.discovery.Fleet;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;

/**
 * Polls the fleet on a schedule and tells listeners what changed. The web view's own view of "who is
 * there": the dashboard's fleet panel, the dispatcher's idle agents, the reconciler's returning agents.
 */
public final class FleetWatch implements FleetDirectory {
    private static final Logger log = LoggerFactory.getLogger(FleetWatch.class);

    /** What one refresh changed. */
    public record Change(List<FleetMember> members, List<FleetMember> appeared, boolean anyChange) {}

    private final Fleet fleet;
    private final List<java.util.function.Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<FleetMember> last = List.of();

    public FleetWatch(Fleet fleet) {
        this.fleet = fleet;
    }

    public void onChange(java.util.function.Consumer<Change> listener) {
        listeners.add(listener);
    }

    public java.util.concurrent.ScheduledFuture<?> start(ScheduledExecutorService executor, Duration interval) {
        return executor.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scans now and notifies the listeners. */
    public synchronized Change refresh() {
        List<FleetMember> before = last;
        List<FleetMember> now = fleet.refresh();
        last = now;
        Map<URI, FleetMember> old = before.stream().collect(Collectors.toMap(FleetMember::url, Function.identity()));
        List<FleetMember> appeared = new ArrayList<>();
        boolean changed = before.size() != now.size();
        for (FleetMember member : now) {
            FleetMember previous = old.get(member.url());
            boolean back = previous == null
                    || (previous.health() != Health.OK && member.health() == Health.OK)
                    || !previous.status().startedAt().equals(member.status().startedAt());
            if (back && member.health() == Health.OK) {
                appeared.add(member);
            }
            if (previous == null
                    || previous.health() != member.health()
                    || !previous.status().state().equals(member.status().state())
                    || !java.util.Objects.equals(
                            previous.status().details().get("current_task"),
                            member.status().details().get("current_task"))) {
                changed = true;
            }
        }
        Change change = new Change(now, appeared, changed);
        for (var listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("a fleet listener failed", e);
            }
        }
        return change;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("fleet refresh failed: {}", e.toString());
        }
    }

    @Override
    public List<FleetMember> members() {
        return last;
    }

    @Override
    public List<AgentSlot> agents() {
        return last.stream()
                .filter(member -> member.status().type() == ComponentType.AGENT)
                .map(member -> new AgentSlot(
                        member.url(),
                        member.status().name(),
                        member.health() == Health.OK,
                        member.status().state(),
                        member.lastSeen()))
                .toList();
    }

    @Override
    public Optional<FleetMember> member(URI url) {
        return last.stream().filter(member -> member.url().equals(url)).findFirst();
    }
}
