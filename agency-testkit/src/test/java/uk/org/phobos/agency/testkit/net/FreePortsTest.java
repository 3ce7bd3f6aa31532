package uk.org.phobos.agency.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    private final FreePorts ports = new FreePorts();

    @Test
    void picksAPortThatCanBeBoundOnLoopback() throws IOException {
        int port = ports.pick();

        assertThat(port).isBetween(1, 65_535);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void findsAContiguousRangeOfFreePorts() {
        PortRange range = ports.contiguousRange(10);

        assertThat(range.size()).isEqualTo(10);
        assertThat(FreePorts.DEFAULT_SEARCH_SPACE.contains(range.first())).isTrue();
        assertThat(FreePorts.DEFAULT_SEARCH_SPACE.contains(range.last())).isTrue();
        range.ports()
                .forEach(port ->
                        assertThat(ports.isFree(port)).as("port %d", port).isTrue());
    }

    @Test
    void aRangeNeverContainsAPortInUse() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = busy.getLocalPort();
            // A search space of 2*3-1 ports around the busy one: only the ranges beside it are free.
            PortRange space = new PortRange(Math.max(1, taken - 2), Math.min(65_535, taken + 2));
            PortRange range = new FreePorts(space).contiguousRange(2);

            assertThat(range.contains(taken)).isFalse();
            assertThat(ports.isFree(taken)).isFalse();
        }
    }

    @Test
    void saysSoWhenNoRangeFits() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = busy.getLocalPort();
            FreePorts onlyTheBusyPort = new FreePorts(new PortRange(taken, taken));

            assertThatThrownBy(() -> onlyTheBusyPort.contiguousRange(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void printsAsDiscoveryRanges() {
        assertThat(new PortRange(9000, 9099)).hasToString("9000-9099");
        assertThatThrownBy(() -> new PortRange(10, 9)).isInstanceOf(IllegalArgumentException.class);
    }
}
