package uk.org.phobos.agency.agent.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The history folder on disk: one file per task and one per kept raw stream, written atomically
 * and owner-only (prompts, outputs and tool results may hold anything). Unreadable task files go to
 * {@code corrupt/} instead of stopping the agent.
 */
final class HistoryDirectory {
    static final String CORRUPT_DIR = "corrupt";
    private static final Logger log = LoggerFactory.getLogger(HistoryDirectory.class);

    private final Path dir;
    private final TaskFileNames names;
    private final ObjectMapper mapper;

    HistoryDirectory(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.names = new TaskFileNames(dir);
        this.mapper = mapper;
    }

    Path path() {
        return dir;
    }

    /** The tasks and stream files found in one pass over the folder (created when missing). */
    record Contents(List<Task> tasks, Set<String> streams) {}

    Contents load() throws IOException {
        Files.createDirectories(dir);
        List<Task> tasks = new ArrayList<>();
        Set<String> streams = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (isStrayTempFile(name)) {
                    // Left by a crash between writing a temp file and renaming it: never a whole state.
                    delete(file);
                    log.info("Removed stray temp file {}", file);
                    continue;
                }
                Optional<String> taskId = TaskFileNames.taskIdOfTaskFile(name);
                if (taskId.isPresent()) {
                    readTask(file, taskId.get()).ifPresent(tasks::add);
                    continue;
                }
                TaskFileNames.taskIdOfStreamFile(name).ifPresent(streams::add);
            }
        }
        return new Contents(tasks, streams);
    }

    void writeTask(Task task) throws IOException {
        AtomicFiles.writeSecret(names.taskFile(task.taskId()), mapper.writeValueAsBytes(task));
    }

    void writeStream(String taskId, List<String> rawLines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : rawLines) {
            text.append(line).append('\n');
        }
        // The debug stream is not worth an fsync per task: a power cut may lose it, never tear it.
        AtomicFiles.writeSecret(
                names.streamFile(taskId),
                text.toString().getBytes(StandardCharsets.UTF_8),
                AtomicFiles.Durability.CRASH_SAFE);
    }

    /** The raw lines of a task's stream, or empty when the file is not there (any more). */
    Optional<List<String>> readStream(String taskId) throws IOException {
        try {
            return Optional.of(List.copyOf(Files.readAllLines(names.streamFile(taskId), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Deletes the files of a task; a failure is logged, and the next start tries again. */
    void deleteTask(String taskId) {
        delete(names.taskFile(taskId));
        deleteStream(taskId);
    }

    void deleteStream(String taskId) {
        delete(names.streamFile(taskId));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.toString());
        }
    }

    private static boolean isStrayTempFile(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private Optional<Task> readTask(Path file, String taskId) {
        try {
            Task task = mapper.readValue(Files.readAllBytes(file), Task.class);
            if (!taskId.equals(task.taskId()) || task.createdAt() == null) {
                throw new IOException("task_id '" + task.taskId() + "' or created_at does not fit the file name");
            }
            return Optional.of(task);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot read history file {} ({}); moving it to {}/", file, e.toString(), CORRUPT_DIR);
            moveAside(file);
            return Optional.empty();
        }
    }

    private void moveAside(Path file) {
        try {
            Path corrupt = Files.createDirectories(dir.resolve(CORRUPT_DIR));
            String name = file.getFileName().toString();
            Path target = corrupt.resolve(name);
            for (int n = 1; Files.exists(target); n++) {
                target = corrupt.resolve(name + "." + n);
            }
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot move {} aside: {}", file, e.toString());
        }
    }
}
