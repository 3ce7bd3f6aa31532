package uk.org.phobos.agency.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Counts failed logins and pairing attempts per client address: after {@code maxFailures} within
 * {@code period}, the address is refused ({@code 429} with {@code Retry-After}) for {@code period}.
 * Bounded in memory: the oldest addresses are forgotten first.
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 10;
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);
    private static final int MAX_ADDRESSES = 10_000;

    private record Failures(int failures, Instant firstFailure, Instant blockedUntil) {}

    private final Clock clock;
    private final int maxFailures;
    private final Duration period;
    private final Map<String, Failures> records = new LinkedHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration period) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.period = period;
    }

    /** Throws {@code rate_limited} while {@code address} is blocked. */
    public synchronized void check(String address) {
        Failures record = records.get(address);
        Instant now = clock.instant();
        if (record != null && record.blockedUntil() != null && now.isBefore(record.blockedUntil())) {
            long seconds =
                    Math.max(1, Duration.between(now, record.blockedUntil()).toSeconds());
            throw new ApiException(
                            ErrorCode.RATE_LIMITED,
                            "too many failed attempts from this address: try again in " + minutes(seconds))
                    .withHeader("Retry-After", Long.toString(seconds));
        }
    }

    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Failures record = records.remove(address);
        if (record == null
                || record.firstFailure().plus(period).isBefore(now)
                || (record.blockedUntil() != null && !now.isBefore(record.blockedUntil()))) {
            record = new Failures(0, now, null);
        }
        int failures = record.failures() + 1;
        Instant blockedUntil = failures >= maxFailures ? now.plus(period) : null;
        records.put(address, new Failures(failures, record.firstFailure(), blockedUntil));
        trim(now);
    }

    public synchronized void succeeded(String address) {
        Failures record = records.get(address);
        if (record != null && record.blockedUntil() == null) {
            records.remove(address);
        }
    }

    private void trim(Instant now) {
        if (records.size() <= MAX_ADDRESSES) {
            return;
        }
        for (Iterator<Failures> it = records.values().iterator(); it.hasNext(); ) {
            Failures record = it.next();
            boolean stale = record.blockedUntil() == null
                    ? record.firstFailure().plus(period).isBefore(now)
                    : record.blockedUntil().isBefore(now);
            if (stale) {
                it.remove();
            }
        }
        Iterator<String> oldest = records.keySet().iterator();
        while (records.size() > MAX_ADDRESSES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static String minutes(long seconds) {
        long minutes = (seconds + 59) / 60;
        return minutes <= 1 ? "a minute" : minutes + " minutes";
    }
}
