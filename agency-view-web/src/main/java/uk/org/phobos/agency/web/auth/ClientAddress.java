package uk.org.phobos.agency.web.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address a request comes from, for rate limits and the devices list: the socket's peer, or, when
 * that peer is the one configured reverse proxy, the address the proxy appended last to {@code
 * X-Forwarded-For}. Anyone else's {@code X-Forwarded-For} is ignored: it would let a client pick a
 * fresh address for every guess.
 */
public final class ClientAddress {
    private static final Pattern ADDRESS = Pattern.compile("^[0-9A-Fa-f:.\\[\\]]{2,64}$");

    private final Optional<String> trustedProxy;

    public ClientAddress(Optional<String> trustedProxy) {
        this.trustedProxy = trustedProxy.map(ClientAddress::normalise);
    }

    public String resolve(String socketPeer, String forwardedFor) {
        String peer = normalise(socketPeer);
        if (trustedProxy.isEmpty() || !trustedProxy.get().equals(peer) || forwardedFor == null) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return ADDRESS.matcher(last).matches() ? normalise(last) : peer;
    }

    static String normalise(String address) {
        if (address == null) {
            return "unknown";
        }
        String trimmed = address.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}
