package uk.org.phobos.agency.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.component.PortRange;

class PortProbeTest {
    @Test
    void findsExactlyTheListeningPorts() throws Exception {
        List<ServerSocket> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                listeners.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            }
            List<Integer> ports =
                    listeners.stream().map(ServerSocket::getLocalPort).sorted().toList();
            int first = ports.get(0);
            int last = ports.get(2);
            PortProbe probe = new PortProbe(Duration.ofSeconds(1));

            List<Integer> open = new ArrayList<>();
            // Ephemeral ports may be far apart; probe each one's neighbourhood.
            for (int port : ports) {
                open.addAll(probe.openPorts(new ScanTarget("127.0.0.1", new PortRange(port - 2, port + 2))));
            }

            assertThat(open).containsAll(ports);
            assertThat(first).isLessThanOrEqualTo(last);
        } finally {
            for (ServerSocket listener : listeners) {
                listener.close();
            }
        }
    }

    @Test
    void closedPortsAreNotReported() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        PortProbe probe = new PortProbe(Duration.ofSeconds(1));

        assertThat(probe.openPorts(new ScanTarget("127.0.0.1", PortRange.single(port))))
                .isEmpty();
    }

    @Test
    void scanTargetsParse() {
        assertThat(ScanTarget.parse("build-box:9000-9099"))
                .isEqualTo(new ScanTarget("build-box", new PortRange(9000, 9099)));
        assertThat(ScanTarget.parse("[::1]:9000")).isEqualTo(new ScanTarget("::1", PortRange.single(9000)));
        assertThatThrownBy(() -> ScanTarget.parse("nohost")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ScanTarget.parse("h:9100-9000")).hasMessageContaining("bad port range");
    }
}
