package uk.org.phobos.agency.agent.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * A file that names the task running now and its CLI process, present only while a task runs. An
 * agent that finds it at start-up died mid-task: it ends the leftover process and records the task
 * {@code interrupted}. Keep it beside the history folder ({@code AGENCY_ROOT/<agent>/running.json});
 * {@link HistoryStore} ignores a file of this name in its own folder as well. Thread-safe.
 */
public final class RunningTaskMarker {
    public static final String FILE_NAME = TaskFileNames.RESERVED + TaskFileNames.TASK_SUFFIX;
    private static final Logger log = LoggerFactory.getLogger(RunningTaskMarker.class);

    private final Path file;
    private final ObjectMapper mapper;
    private Marker current;

    public RunningTaskMarker(Path file, ObjectMapper mapper) {
        this.file = Objects.requireNonNull(file, "file");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Records that {@code task} runs now, with no process yet, durably (on disk when this returns);
     * replaces any earlier marker. Normally there is none (the last task's was cleared), so the
     * file is created under its own name (see {@link DurableFiles}): an agent that dies before this
     * returns may leave it empty or torn, which {@link #read} ignores, as the task was never accepted.
     */
    public synchronized void taskStarted(Task task) throws IOException {
        Marker marker = new Marker(Objects.requireNonNull(task, "task"), null);
        DurableFiles.writeSecret(file, mapper.writeValueAsBytes(marker));
        current = marker;
    }

    /**
     * Records the CLI process of the running task. A task runs the CLI up to three times: each run
     * replaces the process before.
     *
     * @throws IllegalStateException if no task was started through this marker
     */
    public synchronized void processStarted(ProcessIdentity process) throws IOException {
        Objects.requireNonNull(process, "process");
        if (current == null) {
            throw new IllegalStateException("processStarted before taskStarted");
        }
        // No fsync: the process only matters while it runs, and a power cut ends it anyway.
        write(new Marker(current.task(), process), AtomicFiles.Durability.CRASH_SAFE);
    }

    /**
     * As {@link #processStarted(ProcessIdentity)}, for a run of task {@code taskId}, but does
     * nothing (and returns false) once the marker no longer names that task: a write that comes
     * late (the task ended meanwhile) can neither bring back a cleared marker nor overwrite the
     * next task's.
     */
    public synchronized boolean processStarted(String taskId, ProcessIdentity process) throws IOException {
        if (current == null || !current.task().taskId().equals(taskId)) {
            return false;
        }
        processStarted(process);
        return true;
    }

    /** Removes the marker, whatever it names. */
    public synchronized void clear() throws IOException {
        current = null;
        Files.deleteIfExists(file);
    }

    /**
     * The task ended normally and is in the history: removes the marker, unless it names another
     * task by now (the next one may start as soon as this one is seen to end).
     */
    public synchronized void clear(String taskId) throws IOException {
        if (current != null && !current.task().taskId().equals(taskId)) {
            return;
        }
        clear();
    }

    /**
     * What the marker file holds: at start-up, what a crashed agent left. An unreadable marker is
     * logged and reads as empty, so it cannot keep the agent from starting.
     */
    public synchronized Optional<LeftoverRun> read() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Marker marker;
        try {
            marker = mapper.readValue(content, Marker.class);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable running-task marker {}: {}", file, e.toString());
            return Optional.empty();
        }
        if (marker.task() == null || marker.task().taskId() == null) {
            log.warn("Ignoring running-task marker {} without a task", file);
            return Optional.empty();
        }
        return Optional.of(new LeftoverRun(marker.task(), Optional.ofNullable(marker.process())));
    }

    public Path file() {
        return file;
    }

    private void write(Marker marker, AtomicFiles.Durability durability) throws IOException {
        AtomicFiles.writeSecret(file, mapper.writeValueAsBytes(marker), durability);
        current = marker;
    }

    /** The file's content: {@code {"task": {...}, "process": {"pid", "started_at"}}}. */
    private record Marker(Task task, ProcessIdentity process) {}
}
