package uk.org.phobos.agency.sandbox;

/**
 * What a sandboxed command may reach over the network. Only {@link Host} exists today: the CLI must
 * reach the model API. An egress allow-list will be another permitted record (for example
 * {@code EgressAllowList(List<String> destinations)}), so policies and their users keep their shape.
 */
public sealed interface NetworkAccess permits NetworkAccess.Host {

    /** The host's network, unchanged: the internet and every loopback service are reachable. */
    static NetworkAccess host() {
        return new Host();
    }

    /** The name shown in {@code /status} and in the canonical form of a policy. */
    String label();

    /** The host's own network namespace; nothing is filtered. */
    record Host() implements NetworkAccess {
        @Override
        public String label() {
            return "host";
        }
    }
}
