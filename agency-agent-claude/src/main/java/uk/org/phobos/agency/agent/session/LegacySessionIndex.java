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

/**
 * The session index agents wrote before {@link SessionJournal}: {@code sessions.json}, {@code {"sessions":
 * [...]}}, least recently updated first. Read once, when the journal does not exist yet, then removed. An
 * unreadable file is moved aside and read as empty, so it cannot keep the agent from starting.
 */
final class LegacySessionIndex {
    private static final Logger log = LoggerFactory.getLogger(LegacySessionIndex.class);

    private final Path file;
    private final ObjectMapper mapper;

    LegacySessionIndex(Path file, ObjectMapper mapper) {
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

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private record Index(List<SessionInfo> sessions) {}
}
