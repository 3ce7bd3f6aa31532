package uk.org.phobos.agency.core.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long certificates live and when they are renewed; the clock is here so tests can move time.
 *
 * @param renewBefore a certificate expiring within this window is replaced on the next start
 */
public record CertificatePolicy(Clock clock, Duration caValidity, Duration componentValidity, Duration renewBefore) {

    public CertificatePolicy {
        Objects.requireNonNull(clock, "clock");
        requirePositive(caValidity, "caValidity");
        requirePositive(componentValidity, "componentValidity");
        Objects.requireNonNull(renewBefore, "renewBefore");
        if (renewBefore.isNegative() || renewBefore.compareTo(componentValidity) >= 0) {
            throw new IllegalArgumentException("renewBefore must be >= 0 and shorter than componentValidity");
        }
    }

    /** CA 10 years, components 2 years, renewal 30 days before expiry, system clock. */
    public static CertificatePolicy defaults() {
        return new CertificatePolicy(
                Clock.systemUTC(), Duration.ofDays(3650), Duration.ofDays(730), Duration.ofDays(30));
    }

    public CertificatePolicy withClock(Clock newClock) {
        return new CertificatePolicy(newClock, caValidity, componentValidity, renewBefore);
    }

    Instant now() {
        return clock.instant();
    }

    /** True when the certificate is not valid yet or expires within {@link #renewBefore()}. */
    boolean needsRenewal(X509Certificate certificate) {
        Instant now = now();
        return now.isBefore(certificate.getNotBefore().toInstant())
                || now.plus(renewBefore).isAfter(certificate.getNotAfter().toInstant());
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
