package uk.org.phobos.agency.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on 127.0.0.1 that nothing listens on right now. A port found free can be taken
 * by someone else before the test binds it; that race is accepted, as everywhere in tests.
 */
public final class FreePorts {
    /**
     * Ranges are searched below Linux's default ephemeral range (32768-60999), so outgoing
     * connections of the machine do not grab ports of the range meanwhile.
     */
    public static final PortRange DEFAULT_SEARCH_SPACE = new PortRange(20_000, 32_000);

    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final PortRange searchSpace;

    public FreePorts() {
        this(DEFAULT_SEARCH_SPACE);
    }

    public FreePorts(PortRange searchSpace) {
        this.searchSpace = searchSpace;
    }

    /** One free port, chosen by the kernel. */
    public int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind 127.0.0.1:0", e);
        }
    }

    /** {@code count} consecutive free ports within the search space. */
    public PortRange contiguousRange(int count) {
        if (count < 1 || count > searchSpace.size()) {
            throw new IllegalArgumentException("Cannot find " + count + " ports in " + searchSpace);
        }
        int candidates = searchSpace.size() - count + 1;
        // A random starting point keeps parallel test JVMs from all probing the same ports first.
        int offset = ThreadLocalRandom.current().nextInt(candidates);
        for (int tried = 0; tried < candidates; ) {
            int first = searchSpace.first() + (offset + tried) % candidates;
            int busy = firstBusyPort(first, count);
            if (busy < 0) {
                return new PortRange(first, first + count - 1);
            }
            // No range starting at or before the busy port can be free: skip past it.
            tried += busy - first + 1;
        }
        throw new IllegalStateException("No " + count + " consecutive free ports in " + searchSpace);
    }

    /** Whether nothing listens on {@code port} of 127.0.0.1. */
    public boolean isFree(int port) {
        try {
            bind(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int firstBusyPort(int first, int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            for (int port = first; port < first + count; port++) {
                try {
                    held.add(bind(port));
                } catch (IOException e) {
                    return port;
                }
            }
            return -1;
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    private ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // As a server would: a port only in TIME_WAIT still counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback, port), 1);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the socket is gone either way.
        }
    }
}
