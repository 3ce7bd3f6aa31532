package uk.org.phobos.agency.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The file that lists an agent's sessions ({@code {"sessions": [...]}}, least recently updated
 * first), written whole and atomically. An unreadable file is moved aside and read as empty, so it
 * cannot keep the agent from starting.
 */
final class SessionIndexFile {
    private static final Logger log = LoggerFactory.getLogger(SessionIndexFile.class);

    private final Path file;
    private final ObjectMapper mapper;

    SessionIndexFile(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    List<SessionInfo> read() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            Index index = mapper.readValue(content, Index.class);
            return index.sessions() == null ? List.of() : index.sessions();
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            log.error(
                    "Cannot read the session index {} ({}); moved it to {} and starting empty",
                    file,
                    e.toString(),
                    aside);
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            return List.of();
        }
    }

    void write(List<SessionInfo> sessions) throws IOException {
        // Crash-safe, not fsynced: a task's session is also in its durable history entry and marker.
        AtomicFiles.write(file, mapper.writeValueAsBytes(new Index(sessions)), AtomicFiles.Durability.CRASH_SAFE);
    }

    Path path() {
        return file;
    }

    private record Index(List<SessionInfo> sessions) {}
}
