package uk.org.phobos.agency.agent.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The history folder on disk: one file per task (synced, see {@link DurableFiles}) and one per kept
 * raw stream (atomic), owner-only (prompts, outputs and tool results may hold anything), and the
 * partial stream of the running task, appended to as it runs. Unreadable task files go to {@code
 * corrupt/} instead of stopping the agent; empty ones (an agent that died while saving one) are
 * removed.
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

    /**
     * The tasks, stream files and partial stream files (by task id) found in one pass over the folder
     * (created when missing).
     */
    record Contents(List<Task> tasks, Set<String> streams, Set<String> partialStreams) {}

    Contents load() throws IOException {
        Files.createDirectories(dir);
        List<Task> tasks = new ArrayList<>();
        Set<String> streams = new HashSet<>();
        Set<String> partialStreams = new HashSet<>();
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
                if (taskId.isPresent() && isEmptyFile(file)) {
                    // Created, never written: the agent died while saving it (see DurableFiles); never a whole state.
                    delete(file);
                    log.info("Removed empty task file {}", file);
                    continue;
                }
                if (taskId.isPresent()) {
                    readTask(file, taskId.get()).ifPresent(tasks::add);
                    continue;
                }
                TaskFileNames.taskIdOfStreamFile(name).ifPresent(streams::add);
                TaskFileNames.taskIdOfPartialStreamFile(name).ifPresent(partialStreams::add);
            }
        }
        return new Contents(tasks, streams, partialStreams);
    }

    /**
     * Writes a task's file, durably. A task reaches the history when it ends, so its file is
     * normally new: created in place and synced (see {@link DurableFiles}); one saved before is
     * replaced atomically.
     */
    void writeTask(Task task) throws IOException {
        DurableFiles.writeSecret(names.taskFile(task.taskId()), mapper.writeValueAsBytes(task));
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

    /**
     * The raw lines of a task's stream, or empty when the file is not there (any more). Bytes that
     * are not UTF-8 (a stream recovered after a power cut) read as U+FFFD rather than failing.
     */
    Optional<List<String>> readStream(String taskId) throws IOException {
        try {
            byte[] content = Files.readAllBytes(names.streamFile(taskId));
            return Optional.of(
                    new String(content, StandardCharsets.UTF_8).lines().toList());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Creates (or empties) the partial stream file of a task about to run. */
    PartialStream startPartialStream(String taskId) {
        return PartialStream.create(names.partialStreamFile(taskId));
    }

    /**
     * Hands each whole line of a task's partial stream to {@code lines}, first cutting off a torn
     * last line (one without its newline: the agent died while writing it). Bytes that are not UTF-8
     * read as U+FFFD. False when there is no partial stream.
     */
    boolean readPartialStream(String taskId, Consumer<String> lines) throws IOException {
        Path file = names.partialStreamFile(taskId);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long whole = endOfLastWholeLine(channel, size);
            if (whole < size) {
                log.info("Cut a torn last line ({} bytes) off {}", size - whole, file);
                channel.truncate(whole);
            }
        }
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 65536)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.accept(line);
            }
        }
        return true;
    }

    /** The position just after the last newline of the file, 0 when it has none. */
    private static long endOfLastWholeLine(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            int length = (int) Math.min(buffer.capacity(), end);
            long start = end - length;
            buffer.clear().limit(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    throw new EOFException("the file shrank while being read");
                }
            }
            for (int i = length - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Makes a task's partial stream its kept stream, replacing any kept before (an atomic rename,
     * not synced: like {@link #writeStream}). False when there is no partial stream.
     */
    boolean promotePartialStream(String taskId) throws IOException {
        Path partial = names.partialStreamFile(taskId);
        if (!Files.isRegularFile(partial)) {
            return false;
        }
        Path kept = names.streamFile(taskId);
        try {
            Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, kept, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    /** True when the file was there and is now gone. */
    boolean deletePartialStream(String taskId) {
        return delete(names.partialStreamFile(taskId));
    }

    /** Deletes the files of a task; a failure is logged, and the next start tries again. */
    void deleteTask(String taskId) {
        delete(names.taskFile(taskId));
        deleteStream(taskId);
    }

    void deleteStream(String taskId) {
        delete(names.streamFile(taskId));
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.toString());
            return false;
        }
    }

    private static boolean isEmptyFile(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // read and judged like any other
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
