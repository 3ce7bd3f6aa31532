package uk.org.phobos.agency.core.discovery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.core.api.ComponentType;

/**
 * The fleet as discovery sees it: every component found, with its health. Each {@link #refresh()}
 * scans again; a member that does not answer turns degraded, then down after three misses in a
 * row, and is forgotten once it has been down for {@code forgetAfter}.
 */
public final class Fleet {
    private final FleetScanner scanner;
    private final List<ScanTarget> targets;
    private final Clock clock;
    private final Duration forgetAfter;
    private final Map<URI, FleetMember> members = new LinkedHashMap<>();

    public Fleet(FleetScanner scanner, List<ScanTarget> targets, Clock clock, Duration forgetAfter) {
        this.scanner = scanner;
        this.targets = List.copyOf(targets);
        this.clock = clock;
        this.forgetAfter = forgetAfter;
    }

    /** Scans the targets and updates every member's health; returns the members afterwards. */
    public List<FleetMember> refresh() {
        List<DiscoveredComponent> found = scanner.scan(targets);
        synchronized (members) {
            var now = clock.instant();
            Map<URI, FleetMember> next = new LinkedHashMap<>();
            for (DiscoveredComponent component : found) {
                FleetMember previous = members.get(component.url());
                FleetMember member = previous == null
                        ? new FleetMember(component.url(), component.status(), Health.OK, 0, now)
                        : previous.answered(component.status(), now);
                next.put(component.url(), member);
            }
            for (FleetMember previous : members.values()) {
                if (!next.containsKey(previous.url())) {
                    FleetMember missed = previous.missed();
                    boolean forgotten = missed.health() == Health.DOWN
                            && missed.lastSeen().plus(forgetAfter).isBefore(now);
                    if (!forgotten) {
                        next.put(missed.url(), missed);
                    }
                }
            }
            members.clear();
            members.putAll(next);
            return snapshotLocked();
        }
    }

    /** The members as of the last refresh, ordered by URL. */
    public List<FleetMember> members() {
        synchronized (members) {
            return snapshotLocked();
        }
    }

    /** Members of one type that answered their last poll. */
    public List<FleetMember> healthy(ComponentType type) {
        return members().stream()
                .filter(member ->
                        member.health() == Health.OK && member.status().type() == type)
                .toList();
    }

    public Optional<FleetMember> member(URI url) {
        synchronized (members) {
            return Optional.ofNullable(members.get(url));
        }
    }

    private List<FleetMember> snapshotLocked() {
        List<FleetMember> list = new ArrayList<>(members.values());
        list.sort(Comparator.comparing(member -> member.url().toString()));
        return list;
    }
}
