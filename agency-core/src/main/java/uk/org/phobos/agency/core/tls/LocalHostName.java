package uk.org.phobos.agency.core.tls;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This machine's host name, for certificates; absent when the system cannot say or names it oddly. */
final class LocalHostName {
    private static final Logger log = LoggerFactory.getLogger(LocalHostName.class);

    private LocalHostName() {}

    static Optional<String> lookUp() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            SubjectAltNames.parse(java.util.List.of(name));
            return Optional.of(name);
        } catch (Exception e) {
            log.warn("Leaving the host name out of TLS certificates: {}", e.toString());
            return Optional.empty();
        }
    }
}
