package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    @Test
    void withoutATrustedProxyForwardedForIsIgnored() {
        ClientAddress addresses = new ClientAddress(Optional.empty());

        assertThat(addresses.resolve("192.0.2.7", "203.0.113.9")).isEqualTo("192.0.2.7");
    }

    @Test
    void fromTheTrustedProxyTheLastHopItAddedCounts() {
        ClientAddress addresses = new ClientAddress(Optional.of("127.0.0.1"));

        assertThat(addresses.resolve("127.0.0.1", "1.2.3.4, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(addresses.resolve("127.0.0.1", null)).isEqualTo("127.0.0.1");
        assertThat(addresses.resolve("127.0.0.1", "not an address")).isEqualTo("127.0.0.1");
    }

    @Test
    void anotherPeerCannotPickItsAddress() {
        ClientAddress addresses = new ClientAddress(Optional.of("127.0.0.1"));

        assertThat(addresses.resolve("192.0.2.7", "203.0.113.9")).isEqualTo("192.0.2.7");
    }

    @Test
    void ipv6LiteralsAreNormalised() {
        ClientAddress addresses = new ClientAddress(Optional.of("[::1]"));

        assertThat(addresses.resolve("[::1]", "2001:db8::5")).isEqualTo("2001:db8::5");
    }
}
