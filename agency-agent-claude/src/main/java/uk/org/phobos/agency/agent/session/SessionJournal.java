package uk.org.phobos.agency.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The file that lists an agent's sessions, {@code sessions.jsonl}: one JSON object per line, appended as
 * sessions change, so that recording a task costs the same however many sessions the agent has (the
 * index it replaces, {@code sessions.json}, was rewritten whole for every task). A line is one of:
 *
 * <ul>
 *   <li>a session whole, {@code {"session_id", "created_at", "updated_at", "task_ids"}}: what {@link
 *       #rewrite} writes;
 *   <li>a session listed, {@code {"session_id", "at"}};
 *   <li>a task added to a session, {@code {"session_id", "task_id", "at"}} (which lists the session if it
 *       was not).
 * </ul>
 *
 * <p>Appends are not synced: a task's session is also in its durable history entry and in the running-task
 * marker. A crash can cut the last line short: {@link #read} skips a line it cannot parse and says whether
 * the file ends mid-line, and {@link SessionStore} then rewrites the file before it appends to it again.
 */
final class SessionJournal {
    private static final Logger log = LoggerFactory.getLogger(SessionJournal.class);

    private final Path file;
    private final ObjectMapper mapper;

    SessionJournal(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** One line of the journal; which fields are set says which kind it is. */
    record Line(
            String sessionId, Instant createdAt, Instant updatedAt, List<String> taskIds, String taskId, Instant at) {

        static Line whole(SessionInfo info) {
            return new Line(info.sessionId(), info.createdAt(), info.updatedAt(), info.taskIds(), null, null);
        }

        boolean isWhole() {
            return createdAt != null;
        }
    }

    /**
     * What the journal holds: the sessions in the order of their last change, oldest first; how many lines it
     * has; and whether it is damaged (a line could not be read, or the file ends mid-line).
     */
    record Contents(List<SessionInfo> sessions, int lines, boolean damaged) {}

    boolean exists() {
        return Files.exists(file);
    }

    Contents read() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0, false);
        }
        Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        int lines = 0;
        int skipped = 0;
        for (String text : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            lines++;
            SessionInfo folded = parse(text, sessions);
            if (folded == null) {
                skipped++;
                continue;
            }
            sessions.remove(folded.sessionId());
            sessions.put(folded.sessionId(), folded);
        }
        if (skipped > 0) {
            log.warn("Skipped {} unreadable line(s) of the session journal {}", skipped, file);
        }
        boolean endsMidLine = content.length > 0 && content[content.length - 1] != '\n';
        return new Contents(List.copyOf(sessions.values()), lines, skipped > 0 || endsMidLine);
    }

    /** The session as {@code text} leaves it, or null when the line is unreadable or incomplete. */
    private SessionInfo parse(String text, Map<String, SessionInfo> sessions) {
        Line line;
        try {
            line = mapper.readValue(text, Line.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (line == null || line.sessionId() == null) {
            return null;
        }
        if (line.isWhole()) {
            Instant updated = line.updatedAt() == null ? line.createdAt() : line.updatedAt();
            return new SessionInfo(line.sessionId(), line.createdAt(), updated, line.taskIds());
        }
        if (line.at() == null) {
            return null;
        }
        SessionInfo known = sessions.get(line.sessionId());
        SessionInfo session =
                known == null ? new SessionInfo(line.sessionId(), line.at(), line.at(), List.of()) : known;
        return line.taskId() == null
                ? new SessionInfo(session.sessionId(), session.createdAt(), line.at(), session.taskIds())
                : session.withTask(line.taskId(), line.at());
    }

    void appendListed(String sessionId, Instant at) throws IOException {
        append(new Line(sessionId, null, null, null, null, at));
    }

    void appendTask(String sessionId, String taskId, Instant at) throws IOException {
        append(new Line(sessionId, null, null, null, taskId, at));
    }

    private void append(Line line) throws IOException {
        byte[] json = mapper.writeValueAsBytes(line);
        byte[] record = new byte[json.length + 1];
        System.arraycopy(json, 0, record, 0, json.length);
        record[json.length] = '\n';
        try (OutputStream out = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            out.write(record);
        }
    }

    /** Replaces the journal, atomically, with one line per session (in the order given). */
    void rewrite(Collection<SessionInfo> sessions) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (SessionInfo session : sessions) {
            content.write(mapper.writeValueAsBytes(Line.whole(session)));
            content.write('\n');
        }
        AtomicFiles.write(file, content.toByteArray(), AtomicFiles.Durability.CRASH_SAFE);
    }
}
