package uk.org.phobos.agency.web.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The sessions and tasks the dashboard shows, one file per session ({@code web/sessions/<id>.json},
 * written atomically), so a change rewrites one small file. The one owner of that state: the intake
 * records new tasks, the reconciler their progress, the dashboard archives.
 */
public final class SessionStore {
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    static final int MAX_SESSIONS = 500;

    private final Path dir;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final SessionTitles titles = new SessionTitles();
    private final Map<String, WebSession> sessions = new LinkedHashMap<>();
    private final Map<String, String> sessionOfTask = new HashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private SessionStore(Path dir, ObjectMapper mapper, Clock clock) {
        this.dir = dir;
        this.mapper = mapper;
        this.clock = clock;
    }

    public static SessionStore open(Path dir, ObjectMapper mapper, Clock clock) throws IOException {
        Files.createDirectories(dir);
        SessionStore store = new SessionStore(dir, mapper, clock);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json")) {
                    store.load(file);
                }
            }
        }
        return store;
    }

    private void load(Path file) throws IOException {
        try {
            WebSession session = mapper.readValue(Files.readAllBytes(file), WebSession.class);
            if (!SessionIds.isValid(session.sessionId())) {
                throw new IOException("bad session id");
            }
            index(session);
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            log.warn("{} could not be read ({}); moved it to {}", file, e.getMessage(), aside);
        }
    }

    /** Called with a session id whenever that session changes. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The session {@code sessionId}, created with a title from {@code prompt} when new. */
    public WebSession open(String sessionId, String prompt, TaskSource source, String sourceRef) {
        WebSession session;
        synchronized (this) {
            WebSession existing = sessions.get(SessionIds.requireValid(sessionId));
            if (existing != null) {
                return existing;
            }
            Instant now = clock.instant();
            session = new WebSession(
                    sessionId,
                    titles.from(prompt),
                    source == null ? TaskSource.WEB : source,
                    sourceRef,
                    null,
                    null,
                    now,
                    now,
                    false,
                    List.of());
            save(session);
        }
        changed(sessionId);
        return session;
    }

    public synchronized Optional<WebSession> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    public synchronized List<WebSession> newestFirst() {
        List<WebSession> all = new ArrayList<>(sessions.values());
        all.sort(Comparator.comparing(WebSession::updatedAt).reversed());
        return all;
    }

    /** The agent holding a session, once one has run a task in it. */
    public synchronized Optional<URI> agentOf(String sessionId) {
        return find(sessionId).map(WebSession::agentUrl);
    }

    public synchronized Optional<TrackedTask> task(String taskId) {
        String sessionId = sessionOfTask.get(taskId);
        if (sessionId == null) {
            return Optional.empty();
        }
        return sessions.get(sessionId).tasks().stream()
                .filter(t -> t.taskId().equals(taskId))
                .findFirst();
    }

    /** Tasks to check against their agents. */
    public synchronized List<TrackedTask> openTasks() {
        List<TrackedTask> open = new ArrayList<>();
        for (WebSession session : sessions.values()) {
            for (TrackedTask task : session.tasks()) {
                if (task.open()) {
                    open.add(task);
                }
            }
        }
        return open;
    }

    /** Whether a task the web view knows is running on {@code agent} right now. */
    public synchronized boolean busy(URI agent) {
        return sessions.values().stream()
                .flatMap(session -> session.tasks().stream())
                .anyMatch(task -> !task.provisional()
                        && agent.equals(task.agentUrl())
                        && !task.task().state().isTerminal());
    }

    /**
     * Records a task's latest state; creates its session when the web view did not know it. Returns
     * false when nothing changed.
     */
    public boolean record(URI agentUrl, String agentName, Task task, boolean provisional) {
        String sessionId = SessionIds.requireValid(task.sessionId());
        synchronized (this) {
            WebSession session = sessions.get(sessionId);
            Instant now = clock.instant();
            if (session == null) {
                session = new WebSession(
                        sessionId,
                        titles.from(task.prompt()),
                        task.source() == null ? TaskSource.CLI : task.source(),
                        task.sourceRef(),
                        agentUrl,
                        agentName,
                        task.createdAt() == null ? now : task.createdAt(),
                        now,
                        false,
                        List.of());
            }
            if (session.agentUrl() == null || !session.agentUrl().equals(agentUrl)) {
                session = session.withAgent(agentUrl, agentName);
            }
            TrackedTask fresh = new TrackedTask(agentUrl, agentName, task, provisional);
            List<TrackedTask> tasks = new ArrayList<>(session.tasks());
            boolean replaced = false;
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).taskId().equals(task.taskId())) {
                    if (tasks.get(i).equals(fresh) && sessions.containsKey(sessionId)) {
                        return false;
                    }
                    tasks.set(i, fresh);
                    replaced = true;
                }
            }
            if (!replaced) {
                tasks.add(fresh);
            }
            save(session.withTasks(tasks, now));
        }
        changed(sessionId);
        return true;
    }

    public void archive(String sessionId, boolean archived) {
        synchronized (this) {
            WebSession session = sessions.get(sessionId);
            if (session == null) {
                throw uk.org.phobos.agency.core.api.ApiException.notFound("no session '" + sessionId + "'");
            }
            save(session.withArchived(archived));
        }
        changed(sessionId);
    }

    private void save(WebSession session) {
        try {
            AtomicFiles.write(file(session.sessionId()), mapper.writeValueAsBytes(session));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write session " + session.sessionId(), e);
        }
        index(session);
        evictOldest();
    }

    private void index(WebSession session) {
        sessions.put(session.sessionId(), session);
        for (TrackedTask task : session.tasks()) {
            sessionOfTask.put(task.taskId(), session.sessionId());
        }
    }

    private void evictOldest() {
        if (sessions.size() <= MAX_SESSIONS) {
            return;
        }
        WebSession oldest = sessions.values().stream()
                .min(Comparator.comparing(WebSession::updatedAt))
                .orElseThrow();
        sessions.remove(oldest.sessionId());
        oldest.tasks().forEach(task -> sessionOfTask.remove(task.taskId()));
        try {
            Files.deleteIfExists(file(oldest.sessionId()));
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file(oldest.sessionId()), e.getMessage());
        }
    }

    private Path file(String sessionId) {
        return SessionIds.resolveUnder(dir, sessionId).resolveSibling(sessionId + ".json");
    }

    private void changed(String sessionId) {
        for (Consumer<String> listener : listeners) {
            listener.accept(sessionId);
        }
    }
}
