package uk.org.phobos.agency.core.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds which ports of a range accept TCP connections, all at once with non-blocking connects on
 * one selector: a closed loopback port answers with a reset in microseconds, so a 300-port sweep
 * costs a few milliseconds and no threads. Only open ports are then asked for {@code /status}.
 */
final class PortProbe {
    private static final int BATCH = 256;

    private final Duration connectTimeout;

    PortProbe(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    List<Integer> openPorts(ScanTarget target) throws IOException {
        InetSocketAddress probe =
                new InetSocketAddress(target.host(), target.ports().first());
        if (probe.isUnresolved()) {
            throw new IOException("cannot resolve host " + target.host());
        }
        TreeSet<Integer> open = new TreeSet<>();
        for (int first = target.ports().first(); first <= target.ports().last(); first += BATCH) {
            int last = Math.min(target.ports().last(), first + BATCH - 1);
            open.addAll(sweep(probe.getAddress(), first, last));
        }
        return new ArrayList<>(open);
    }

    private List<Integer> sweep(java.net.InetAddress address, int first, int last) throws IOException {
        List<Integer> open = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            List<SocketChannel> channels = new ArrayList<>();
            try {
                for (int port = first; port <= last; port++) {
                    SocketChannel channel = SocketChannel.open();
                    channels.add(channel);
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    try {
                        if (channel.connect(new InetSocketAddress(address, port))) {
                            open.add(port);
                            channel.close();
                        } else {
                            channel.register(selector, SelectionKey.OP_CONNECT, port);
                        }
                    } catch (IOException refused) {
                        channel.close();
                    }
                }
                awaitConnects(selector, open);
            } finally {
                for (SocketChannel channel : channels) {
                    channel.close();
                }
            }
        }
        return open;
    }

    private void awaitConnects(Selector selector, List<Integer> open) throws IOException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        while (!selector.keys().isEmpty()) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return; // filtered ports: treat as closed
            }
            selector.select(remainingMillis);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                SocketChannel channel = (SocketChannel) key.channel();
                try {
                    if (channel.finishConnect()) {
                        open.add((Integer) key.attachment());
                    }
                } catch (IOException refused) {
                    // closed port
                }
                key.cancel();
                channel.close();
            }
            selector.selectNow(); // flush cancelled keys
        }
    }
}
