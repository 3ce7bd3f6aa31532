package uk.org.phobos.agency.web.auth;

import java.time.Instant;

/**
 * A signed-in browser or paired device. {@code id} is an opaque handle for the devices list; the
 * cookie's secret is never stored, only its SHA-256 ({@code secretHash}).
 */
public record AuthSession(
        String id,
        String secretHash,
        Kind kind,
        String label,
        Instant createdAt,
        Instant lastSeen,
        Instant expiresAt,
        String address) {

    public enum Kind {
        /** Signed in with the password. */
        PASSWORD,
        /** Paired with a code. */
        DEVICE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Kind fromWireName(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    AuthSession seen(Instant now, String from) {
        return new AuthSession(id, secretHash, kind, label, createdAt, now, expiresAt, from);
    }
}
