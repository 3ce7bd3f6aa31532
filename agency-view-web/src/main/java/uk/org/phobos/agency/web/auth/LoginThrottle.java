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
 * Counts sign-in, pairing and password-change attempts per client address: after {@code maxFailures}
 * failed ones within {@code period}, the address is refused ({@code 429} with {@code Retry-After}) for
 * {@code period}. An attempt counts from the moment it {@linkplain #begin begins}, before its slow check
 * runs, and only a success gives it back, so concurrent guesses cannot overtake the count: an address
 * never has more checks running than it has attempts left. Bounded in memory: the oldest addresses
 * are forgotten first.
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 10;
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);
    private static final int MAX_ADDRESSES = 10_000;
    // Attempts in flight end within a hash's time; a client refused because of them may retry soon.
    private static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    /** {@code failures + inFlight <= maxFailures} always; so a block starts with nothing in flight. */
    private record Attempts(int failures, int inFlight, Instant firstAttempt, Instant blockedUntil) {
        boolean blockedAt(Instant now) {
            return blockedUntil != null && now.isBefore(blockedUntil);
        }

        boolean idle() {
            return failures == 0 && inFlight == 0 && blockedUntil == null;
        }
    }

    private enum Outcome {
        FAILED,
        SUCCEEDED,
        WITHDRAWN
    }

    private final Clock clock;
    private final int maxFailures;
    private final Duration period;
    private final Map<String, Attempts> records = new LinkedHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration period) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.period = period;
    }

    /**
     * Starts an attempt from {@code address}, counted as failed until it says otherwise; throws
     * {@code rate_limited} while the address is blocked or its remaining attempts are all in flight.
     */
    public synchronized Attempt begin(String address) {
        Instant now = clock.instant();
        Attempts record = current(records.remove(address), now);
        if (record.blockedAt(now)) {
            records.put(address, record);
            long seconds =
                    Math.max(1, Duration.between(now, record.blockedUntil()).toSeconds());
            throw refused("too many failed attempts from this address: try again in " + minutes(seconds), seconds);
        }
        if (record.failures() + record.inFlight() >= maxFailures) {
            records.put(address, record);
            throw refused(
                    "too many attempts at once from this address: wait for them to finish",
                    IN_FLIGHT_RETRY.toSeconds());
        }
        records.put(address, new Attempts(record.failures(), record.inFlight() + 1, record.firstAttempt(), null));
        trim(now);
        return new Attempt(address);
    }

    private synchronized void settle(String address, Outcome outcome) {
        Instant now = clock.instant();
        Attempts record = records.remove(address);
        if (record == null) {
            // Only a guard: trim keeps every address with attempts in flight.
            record = new Attempts(0, 1, now, null);
        }
        int inFlight = Math.max(0, record.inFlight() - 1);
        Attempts next = switch (outcome) {
            case SUCCEEDED -> new Attempts(0, inFlight, record.firstAttempt(), record.blockedUntil());
            case WITHDRAWN -> new Attempts(record.failures(), inFlight, record.firstAttempt(), record.blockedUntil());
            case FAILED -> {
                int failures = record.failures() + 1;
                yield new Attempts(
                        failures,
                        inFlight,
                        record.firstAttempt(),
                        failures >= maxFailures ? now.plus(period) : record.blockedUntil());
            }
        };
        if (!next.idle()) {
            records.put(address, next);
        }
        trim(now);
    }

    /** The record as it stands at {@code now}: a window or block that has run out starts afresh. */
    private Attempts current(Attempts record, Instant now) {
        if (record == null) {
            return new Attempts(0, 0, now, null);
        }
        boolean blockOver = record.blockedUntil() != null && !now.isBefore(record.blockedUntil());
        boolean windowOver = record.blockedUntil() == null
                && record.firstAttempt().plus(period).isBefore(now);
        return blockOver || windowOver ? new Attempts(0, record.inFlight(), now, null) : record;
    }

    private static ApiException refused(String message, long retryAfterSeconds) {
        return new ApiException(ErrorCode.RATE_LIMITED, message)
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    private void trim(Instant now) {
        if (records.size() <= MAX_ADDRESSES) {
            return;
        }
        for (Iterator<Attempts> it = records.values().iterator(); it.hasNext(); ) {
            Attempts record = it.next();
            boolean stale = record.inFlight() == 0
                    && (record.blockedUntil() == null
                            ? record.firstAttempt().plus(period).isBefore(now)
                            : record.blockedUntil().isBefore(now));
            if (stale) {
                it.remove();
            }
        }
        for (Iterator<Attempts> oldest = records.values().iterator();
                records.size() > MAX_ADDRESSES && oldest.hasNext(); ) {
            if (oldest.next().inFlight() == 0) {
                oldest.remove();
            }
        }
    }

    private static String minutes(long seconds) {
        long minutes = (seconds + 59) / 60;
        return minutes <= 1 ? "a minute" : minutes + " minutes";
    }

    /**
     * One attempt in flight. Closing it counts it as failed unless it {@linkplain #succeeded succeeded}
     * (given back, and earlier failures forgotten unless the address is blocked) or was
     * {@linkplain #withdrawn withdrawn} (given back: nothing was guessed).
     */
    public final class Attempt implements AutoCloseable {
        private final String address;
        private boolean settled;

        private Attempt(String address) {
            this.address = address;
        }

        public void succeeded() {
            settleOnce(Outcome.SUCCEEDED);
        }

        public void withdrawn() {
            settleOnce(Outcome.WITHDRAWN);
        }

        @Override
        public void close() {
            settleOnce(Outcome.FAILED);
        }

        private void settleOnce(Outcome outcome) {
            if (!settled) {
                settled = true;
                settle(address, outcome);
            }
        }
    }
}
