package uk.org.phobos.agency.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.SessionIds;

/**
 * The sessions this agent owns: a directory per session under the session root (the CLI's working
 * directory) and a journal that lists them with their tasks ({@link SessionJournal}). Every method that
 * takes a session id refuses an invalid one with {@code validation_error}, before touching the disk.
 * Thread-safe.
 */
public final class SessionStore {
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    /** The name of the index agents kept before the journal, read once from beside the journal. */
    static final String LEGACY_INDEX = "sessions.json";

    private final Path sessionRoot;

    private final SessionJournal journal;
    private final Clock clock;
    // In the order of their last update, oldest first, as the journal has them.
    private final Map<String, SessionInfo> sessions = new LinkedHashMap<>();

    private SessionStore(Path sessionRoot, SessionJournal journal, Clock clock) {
        this.sessionRoot = sessionRoot;
        this.journal = journal;
        this.clock = clock;
    }

    public static SessionStore open(Path sessionRoot, Path journalFile, ObjectMapper mapper) throws IOException {
        return open(sessionRoot, journalFile, mapper, Clock.systemUTC());
    }

    /**
     * As {@link #open(Path, Path, ObjectMapper)}, with the clock that stamps created and updated. A journal that
     * does not exist yet starts from the {@value #LEGACY_INDEX} beside it, if there is one (which is then
     * removed); a damaged journal, or one with more than twice as many lines as sessions, is rewritten with a
     * line per session.
     */
    public static SessionStore open(Path sessionRoot, Path journalFile, ObjectMapper mapper, Clock clock)
            throws IOException {
        Path root = Files.createDirectories(sessionRoot.toAbsolutePath().normalize());
        Files.createDirectories(journalFile.toAbsolutePath().getParent());
        SessionJournal journal = new SessionJournal(journalFile, mapper);
        SessionStore store = new SessionStore(root, journal, clock);
        LegacySessionIndex legacy = new LegacySessionIndex(journalFile.resolveSibling(LEGACY_INDEX), mapper);
        boolean rewrite;
        boolean migrating = !journal.exists();
        List<SessionInfo> listed;
        if (!migrating) {
            SessionJournal.Contents contents = journal.read();
            listed = contents.sessions();
            rewrite = contents.damaged() || contents.lines() > 2 * listed.size() + 16;
        } else {
            listed = legacy.read();
            rewrite = !listed.isEmpty();
        }
        for (SessionInfo info : listed) {
            if (info.sessionId() == null || !SessionIds.isValid(info.sessionId()) || info.createdAt() == null) {
                log.warn("Skipping a malformed entry of the session list {}: {}", journalFile, info);
                rewrite = true;
                continue;
            }
            SessionInfo complete = info.updatedAt() == null
                    ? new SessionInfo(info.sessionId(), info.createdAt(), info.createdAt(), info.taskIds())
                    : info;
            store.sessions.remove(complete.sessionId());
            store.sessions.put(complete.sessionId(), complete);
        }
        if (rewrite) {
            journal.rewrite(store.sessions.values());
        }
        if (migrating) {
            legacy.delete();
        }
        return store;
    }

    /** Whether this agent created the session (resuming an unknown one is {@code not_found}). */
    public synchronized boolean exists(String sessionId) {
        return sessions.containsKey(SessionIds.requireValid(sessionId));
    }

    /**
     * The directory of a session under the session root, whether or not it exists.
     *
     * @throws uk.org.phobos.agency.core.api.ApiException {@code validation_error} for an invalid id
     */
    public Path directory(String sessionId) {
        return SessionIds.resolveUnder(sessionRoot, sessionId);
    }

    /** Creates the session's directory and lists the session; for a known session, only the former. */
    public synchronized Path create(String sessionId) throws IOException {
        Path dir = Files.createDirectories(directory(sessionId));
        if (!sessions.containsKey(sessionId)) {
            var now = clock.instant();
            journal.appendListed(sessionId, now);
            moveToEnd(new SessionInfo(sessionId, now, now, List.of()));
        }
        return dir;
    }

    /**
     * Creates the session's directory (if missing) without listing the session: {@link #startTask}
     * lists it, with its first task, in one line of the journal.
     */
    public Path createDirectory(String sessionId) throws IOException {
        return Files.createDirectories(directory(sessionId));
    }

    /**
     * Adds a task to its session, listing the session first if it is new (created now), and marks
     * the session updated now: one line of the journal, where {@link #create} then {@link
     * #recordTask} make two.
     */
    public synchronized void startTask(String sessionId, String taskId) throws IOException {
        Objects.requireNonNull(taskId, "taskId");
        SessionInfo info = sessions.get(SessionIds.requireValid(sessionId));
        var now = clock.instant();
        SessionInfo created = info == null ? new SessionInfo(sessionId, now, now, List.of()) : info;
        journal.appendTask(sessionId, taskId, now);
        moveToEnd(created.withTask(taskId, now));
    }

    /**
     * Adds a task to a known session and marks the session updated now.
     *
     * @throws uk.org.phobos.agency.core.api.ApiException {@code not_found} for a session this agent
     *     never created
     */
    public synchronized void recordTask(String sessionId, String taskId) throws IOException {
        Objects.requireNonNull(taskId, "taskId");
        SessionInfo info = sessions.get(SessionIds.requireValid(sessionId));
        if (info == null) {
            throw ApiException.notFound("no session '" + sessionId + "' on this agent");
        }
        var now = clock.instant();
        journal.appendTask(sessionId, taskId, now);
        moveToEnd(info.withTask(taskId, now));
    }

    public synchronized Optional<SessionInfo> find(String sessionId) {
        return Optional.ofNullable(sessions.get(SessionIds.requireValid(sessionId)));
    }

    /** All sessions, the most recently updated first. */
    public synchronized List<SessionInfo> newestFirst() {
        List<SessionInfo> list = new ArrayList<>(sessions.values());
        Collections.reverse(list);
        // Stable: sessions updated at the same instant stay in the order they were updated in.
        list.sort(Comparator.comparing(SessionInfo::updatedAt).reversed());
        return List.copyOf(list);
    }

    public Path sessionRoot() {
        return sessionRoot;
    }

    /** Moves the session to the end (most recent), as the journal has it already. */
    private void moveToEnd(SessionInfo info) {
        sessions.remove(info.sessionId());
        sessions.put(info.sessionId(), info);
    }
}
