package uk.org.phobos.agency.core.component;

/** The ports a service may listen on: the first free one is taken. {@code 0} means any free port. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 0 || last > 65535 || last < first) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
        if (first == 0 && last != 0) {
            throw new IllegalArgumentException("port 0 (any free port) cannot start a range");
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code 9000} or {@code 9000-9099}. */
    public static PortRange parse(String text) {
        String[] parts = text.trim().split("-", -1);
        try {
            if (parts.length == 1) {
                return single(Integer.parseInt(parts[0].trim()));
            }
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a port or a range like 9000-9099");
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
