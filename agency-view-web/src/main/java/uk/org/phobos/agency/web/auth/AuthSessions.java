package uk.org.phobos.agency.web.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The dashboard's signed-in sessions, persisted atomically (0600) in {@code auth-sessions.json}. A
 * session's secret lives only in its cookie; the file has its SHA-256. Creating or revoking a session
 * writes the file at once; {@code last_seen} changes are kept in memory and written by {@link
 * #flush()}, which the web view calls every minute and at shutdown, so requests never wait for a disk.
 * Listeners added with {@link #onEnded} hear of every session that ends (revoked, signed out, expired,
 * pushed out by newer ones, or all of them after a password change), after the file is written.
 */
public final class AuthSessions {
    public static final Duration PASSWORD_LIFETIME = Duration.ofDays(30);
    public static final Duration DEVICE_LIFETIME = Duration.ofDays(365);
    /** A {@code last_seen} change smaller than this is not worth remembering. */
    static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(AuthSessions.class);
    private static final int MAX_SESSIONS = 1000;

    /** A new session and the secret for its cookie, which is shown to nobody else. */
    public record Created(AuthSession session, String secret) {}

    private record FileShape(List<AuthSession> sessions) {}

    private final Path file;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Secrets secrets;
    private final Map<String, AuthSession> bySecretHash = new LinkedHashMap<>();
    private final List<Consumer<String>> endedListeners = new CopyOnWriteArrayList<>();
    private boolean dirty;
    // Guarded by this: how many times everyone was signed out (see generation()).
    private long generation;

    private AuthSessions(Path file, ObjectMapper mapper, Clock clock, Secrets secrets) {
        this.file = file;
        this.mapper = mapper;
        this.clock = clock;
        this.secrets = secrets;
    }

    public static AuthSessions open(Path file, ObjectMapper mapper, Clock clock, Secrets secrets) throws IOException {
        AuthSessions sessions = new AuthSessions(file, mapper, clock, secrets);
        try {
            FileShape stored = mapper.readValue(Files.readAllBytes(file), FileShape.class);
            Instant now = clock.instant();
            for (AuthSession session : stored.sessions() == null ? List.<AuthSession>of() : stored.sessions()) {
                if (session.expiresAt().isAfter(now)) {
                    sessions.bySecretHash.put(session.secretHash(), session);
                }
            }
        } catch (NoSuchFileException absent) {
            // no sessions yet
        } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
            Files.move(file, aside);
            log.warn(
                    "{} could not be read ({}); moved it to {}: everyone signs in again",
                    file,
                    unreadable.getMessage(),
                    aside);
        }
        return sessions;
    }

    /** Called with the opaque id of each session that ends, outside this object's lock. */
    public void onEnded(Consumer<String> listener) {
        endedListeners.add(listener);
    }

    public Created create(AuthSession.Kind kind, String label, String address) {
        List<String> pushedOut = new ArrayList<>();
        Created created;
        synchronized (this) {
            created = createLocked(kind, label, address, pushedOut);
        }
        ended(pushedOut);
        return created;
    }

    /**
     * How many times {@link #revokeAll} has signed everyone out. A sign-in reads it before it checks the
     * password or pairing code, and passes it to {@link #createIfNoneRevokedSince}: a password change that
     * completes while the (slow) check runs then also ends the sign-in it would otherwise miss.
     */
    public synchronized long generation() {
        return generation;
    }

    /**
     * As {@link #create}, unless {@link #revokeAll} ran after {@link #generation()} returned {@code
     * generation}: then nothing is created and the result is empty.
     */
    public Optional<Created> createIfNoneRevokedSince(
            long generation, AuthSession.Kind kind, String label, String address) {
        List<String> pushedOut = new ArrayList<>();
        Created created;
        synchronized (this) {
            if (generation != this.generation) {
                return Optional.empty();
            }
            created = createLocked(kind, label, address, pushedOut);
        }
        ended(pushedOut);
        return Optional.of(created);
    }

    private Created createLocked(AuthSession.Kind kind, String label, String address, List<String> pushedOut) {
        Instant now = clock.instant();
        String secret = secrets.token(32);
        Duration lifetime = kind == AuthSession.Kind.DEVICE ? DEVICE_LIFETIME : PASSWORD_LIFETIME;
        AuthSession session = new AuthSession(
                secrets.token(12),
                Secrets.sha256(secret),
                kind,
                cleanLabel(label),
                now,
                now,
                now.plus(lifetime),
                address);
        bySecretHash.put(session.secretHash(), session);
        while (bySecretHash.size() > MAX_SESSIONS) {
            String oldest = bySecretHash.values().stream()
                    .min(Comparator.comparing(AuthSession::lastSeen))
                    .orElseThrow()
                    .secretHash();
            pushedOut.add(bySecretHash.remove(oldest).id());
        }
        persist();
        return new Created(session, secret);
    }

    /** The live session for a cookie secret; notes when and from where it was seen (in memory). */
    public Optional<AuthSession> authenticate(String secret, String address) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(secret);
        AuthSession expired;
        synchronized (this) {
            AuthSession session = bySecretHash.get(hash);
            if (session == null) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (session.expiresAt().isAfter(now)) {
                return Optional.of(seen(hash, session, now, address));
            }
            bySecretHash.remove(hash);
            persist();
            expired = session;
        }
        ended(List.of(expired.id()));
        return Optional.empty();
    }

    private AuthSession seen(String hash, AuthSession session, Instant now, String address) {
        if (Duration.between(session.lastSeen(), now).compareTo(SEEN_GRANULARITY) >= 0
                || !session.address().equals(address)) {
            session = session.seen(now, address);
            bySecretHash.put(hash, session);
            dirty = true;
        }
        return session;
    }

    /** Whether the session with opaque id {@code id} exists and has not expired. */
    public synchronized boolean isLive(String id) {
        Instant now = clock.instant();
        return bySecretHash.values().stream()
                .anyMatch(session ->
                        session.id().equals(id) && session.expiresAt().isAfter(now));
    }

    public synchronized List<AuthSession> list() {
        List<AuthSession> all = new ArrayList<>(bySecretHash.values());
        all.sort(Comparator.comparing(AuthSession::createdAt).reversed());
        return all;
    }

    /** Revokes the session with opaque id {@code id}; false when there is none. */
    public boolean revoke(String id) {
        boolean removed;
        synchronized (this) {
            removed = bySecretHash.values().removeIf(session -> session.id().equals(id));
            if (removed) {
                persist();
            }
        }
        if (removed) {
            ended(List.of(id));
        }
        return removed;
    }

    /** Signs everyone out (after a password change). */
    public void revokeAll() {
        List<String> all;
        synchronized (this) {
            generation++;
            all = bySecretHash.values().stream().map(AuthSession::id).toList();
            bySecretHash.clear();
            persist();
        }
        ended(all);
    }

    /** Writes pending {@code last_seen} changes, if any. */
    public synchronized void flush() {
        if (dirty) {
            persist();
        }
    }

    private void ended(List<String> ids) {
        for (String id : ids) {
            for (Consumer<String> listener : endedListeners) {
                try {
                    listener.accept(id);
                } catch (RuntimeException e) {
                    log.warn("a listener for ended sign-in sessions failed", e);
                }
            }
        }
    }

    private void persist() {
        try {
            byte[] json = mapper.writeValueAsBytes(new FileShape(new ArrayList<>(bySecretHash.values())));
            AtomicFiles.writeSecret(file, json);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String cleanLabel(String label) {
        if (label == null || label.isBlank()) {
            return "unnamed device";
        }
        String clean = label.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 80 ? clean.substring(0, 80) : clean;
    }
}
