package uk.org.phobos.agency.testkit.net;

import java.util.stream.IntStream;

/** An inclusive range of TCP ports, {@code first..last}. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("Not a port range: " + first + "-" + last);
        }
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public IntStream ports() {
        return IntStream.rangeClosed(first, last);
    }

    /** The form discovery settings use, {@code A-B}. */
    @Override
    public String toString() {
        return first + "-" + last;
    }
}
