package uk.org.phobos.agency.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;

/**
 * One-time codes that pair a new device: 8 characters from an alphabet without look-alikes (40 bits),
 * valid for 10 minutes, redeemable once. Only their SHA-256 is kept, in memory.
 */
public final class PairingCodes {
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public static final int LENGTH = 8;
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_ACTIVE = 20;

    /** A fresh code, shown once. */
    public record Issued(String code, Instant expiresAt) {}

    private final Clock clock;
    private final Secrets secrets;
    private final Map<String, Instant> active = new LinkedHashMap<>();

    public PairingCodes(Clock clock, Secrets secrets) {
        this.clock = clock;
        this.secrets = secrets;
    }

    public synchronized Issued issue() {
        Instant now = clock.instant();
        dropExpired(now);
        if (active.size() >= MAX_ACTIVE) {
            throw ApiException.validation("too many unused pairing codes: use one or wait until they expire");
        }
        String code = secrets.code(ALPHABET, LENGTH);
        Instant expiresAt = now.plus(LIFETIME);
        active.put(Secrets.sha256(code), expiresAt);
        return new Issued(code, expiresAt);
    }

    /** True, once, for a code that was issued and has not expired; the code is spent either way it matched. */
    public synchronized boolean redeem(String typed) {
        Instant now = clock.instant();
        dropExpired(now);
        String normal = normalise(typed);
        if (normal.length() != LENGTH) {
            return false;
        }
        return active.remove(Secrets.sha256(normal)) != null;
    }

    /** Voids every code issued so far: a password change must not leave a way in that it did not approve. */
    public synchronized void clear() {
        active.clear();
    }

    /** Upper case, without spaces and dashes people type. */
    static String normalise(String typed) {
        if (typed == null) {
            return "";
        }
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private void dropExpired(Instant now) {
        for (Iterator<Instant> it = active.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next())) {
                it.remove();
            }
        }
    }
}
