package uk.org.phobos.agency.core.discovery;

import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.core.component.PortRange;

/** A host and the ports on it where components may listen. */
public record ScanTarget(String host, PortRange ports) {
    /** SPEC.md section 1: the fleet on one machine. */
    public static final ScanTarget LOCAL_DEFAULT = new ScanTarget("127.0.0.1", new PortRange(9000, 9299));

    public ScanTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a scan target needs a host");
        }
        if (ports.first() == 0) {
            throw new IllegalArgumentException("a scan target needs real ports, not 0");
        }
    }

    /** Parses {@code host:9000-9099}, {@code host:9000} or {@code [::1]:9000-9010}. */
    public static ScanTarget parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port or host:first-last");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ScanTarget(host, PortRange.parse(trimmed.substring(colon + 1)));
    }

    /** The local default range, or a custom local range, plus any extra targets. */
    public static List<ScanTarget> of(PortRange localRange, List<String> extras) {
        List<ScanTarget> targets = new ArrayList<>();
        targets.add(new ScanTarget("127.0.0.1", localRange));
        for (String extra : extras) {
            targets.add(parse(extra));
        }
        return targets;
    }
}
