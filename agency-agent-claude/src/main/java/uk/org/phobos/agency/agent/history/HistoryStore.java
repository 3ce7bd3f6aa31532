package uk.org.phobos.agency.agent.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.Task;

/**
 * The tasks an agent ran, newest first, kept across restarts in {@code AGENCY_ROOT/<agent>/history}:
 * {@code <task_id>.json} per task and {@code <task_id>.stream.jsonl} for the raw stream-json lines
 * of the newest ones. While a task runs, its lines go to {@code <task_id>.stream.jsonl.part} ({@link
 * #startStream}), which becomes its kept stream when it ends ({@link #keepPartialStream}), or after
 * a crash at the next start ({@link InterruptedTaskRecovery}). Saving a task writes only that task's
 * file. Thread-safe: writers take turns, readers see an immutable snapshot and never wait for a
 * write.
 */
public final class HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);

    private final HistoryDirectory directory;
    private final Retention retention;
    private final Object writeLock = new Object();
    private final Set<String> leftoverPartialStreams;
    private volatile Snapshot snapshot;
    private long nextSequence;

    private HistoryStore(
            HistoryDirectory directory,
            Retention retention,
            Snapshot snapshot,
            long nextSequence,
            Set<String> leftoverPartialStreams) {
        this.directory = directory;
        this.retention = retention;
        this.snapshot = snapshot;
        this.nextSequence = nextSequence;
        this.leftoverPartialStreams = Set.copyOf(leftoverPartialStreams);
    }

    /**
     * Loads what is in {@code dir} (creating it when missing), removes stray temp files, moves
     * unreadable task files to {@code dir/corrupt/}, and applies retention to what it found. Partial
     * streams are left for {@link InterruptedTaskRecovery} (see {@link #leftoverPartialStreams()}).
     */
    public static HistoryStore open(Path dir, ObjectMapper mapper, int keepTasks, int keepStreams) throws IOException {
        Retention retention = new Retention(keepTasks, keepStreams);
        long start = System.nanoTime();
        HistoryDirectory directory = new HistoryDirectory(dir, mapper);
        HistoryDirectory.Contents contents = directory.load();

        // The order of first saving is not on disk: tasks created at the same instant load by id.
        List<Task> tasks = new ArrayList<>(contents.tasks());
        tasks.sort(Comparator.comparing(Task::createdAt).thenComparing(Task::taskId));
        List<HistoryEntry> entries = new ArrayList<>(tasks.size());
        Set<String> taskIds = new HashSet<>();
        for (Task task : tasks) {
            entries.add(
                    new HistoryEntry(task, entries.size(), contents.streams().contains(task.taskId())));
            taskIds.add(task.taskId());
        }
        for (String orphan : contents.streams()) {
            if (!taskIds.contains(orphan)) {
                directory.deleteStream(orphan);
            }
        }
        Retention.Plan plan = retention.plan(entries);
        deleteObsolete(directory, plan);
        log.info(
                "History: loaded {} tasks ({} with streams) from {} in {} ms",
                plan.kept().size(),
                plan.kept().stream().filter(HistoryEntry::hasStream).count(),
                dir,
                (System.nanoTime() - start) / 1_000_000);
        if (!contents.partialStreams().isEmpty()) {
            log.info("History: found the partial streams of {}", contents.partialStreams());
        }
        return new HistoryStore(
                directory, retention, Snapshot.of(plan.kept()), entries.size(), contents.partialStreams());
    }

    /**
     * Inserts the task or replaces the one with its {@code task_id} (keeping that one's place among
     * tasks created at the same instant), then drops what retention no longer keeps.
     *
     * @throws IllegalArgumentException if the task id is not a safe file name or {@code created_at}
     *     is missing
     */
    public void save(Task task) throws IOException {
        Objects.requireNonNull(task, "task");
        TaskFileNames.requireValidId(task.taskId());
        if (task.createdAt() == null) {
            throw new IllegalArgumentException("task " + task.taskId() + " has no created_at");
        }
        synchronized (writeLock) {
            directory.writeTask(task);
            Snapshot current = snapshot;
            HistoryEntry existing = current.byId().get(task.taskId());
            List<HistoryEntry> entries = new ArrayList<>(current.newestFirst());
            if (existing != null) {
                entries.set(entries.indexOf(existing), existing.withTask(task));
            } else {
                entries.add(new HistoryEntry(task, nextSequence++, false));
            }
            Retention.Plan plan = retention.plan(entries);
            snapshot = Snapshot.of(plan.kept());
            deleteObsolete(directory, plan);
        }
    }

    /**
     * Keeps the raw stream-json lines of a task that is already saved, if it is among the newest
     * {@code keepStreams}; otherwise does nothing. Replaces what was kept for it before.
     *
     * @throws IllegalArgumentException if the task id is not a safe file name, or a line holds a
     *     line break
     * @throws IllegalStateException if the task was not saved first
     */
    public void saveStream(String taskId, List<String> rawLines) throws IOException {
        TaskFileNames.requireValidId(taskId);
        for (String line : rawLines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a raw stream line of task " + taskId + " holds a line break");
            }
        }
        synchronized (writeLock) {
            Snapshot current = snapshot;
            HistoryEntry entry = current.byId().get(taskId);
            if (entry == null) {
                throw new IllegalStateException("save task " + taskId + " before its stream");
            }
            if (!retention.keepsStreamAt(current.newestFirst().indexOf(entry))) {
                log.debug("Not keeping the stream of task {}: older than the newest streams kept", taskId);
                return;
            }
            directory.writeStream(taskId, rawLines);
            List<HistoryEntry> entries = new ArrayList<>(current.newestFirst());
            entries.set(entries.indexOf(entry), entry.withStream(true));
            snapshot = Snapshot.of(entries);
        }
    }

    /**
     * Starts the partial stream of a task about to run: {@code <task_id>.stream.jsonl.part}, created
     * or emptied. Never fails: a file that cannot be created gives a stream that drops its lines.
     *
     * @throws IllegalArgumentException if the task id is not a safe file name
     */
    public PartialStream startStream(String taskId) {
        TaskFileNames.requireValidId(taskId);
        return directory.startPartialStream(taskId);
    }

    /**
     * Makes the partial stream of a task that is already saved its kept stream (a rename, replacing
     * what was kept for it before) if it is among the newest {@code keepStreams}; otherwise deletes
     * it. Close the {@link PartialStream} first. Does nothing when there is no partial stream.
     *
     * @throws IllegalArgumentException if the task id is not a safe file name
     * @throws IllegalStateException if the task was not saved first
     */
    public void keepPartialStream(String taskId) throws IOException {
        TaskFileNames.requireValidId(taskId);
        synchronized (writeLock) {
            Snapshot current = snapshot;
            HistoryEntry entry = current.byId().get(taskId);
            if (entry == null) {
                throw new IllegalStateException("save task " + taskId + " before its stream");
            }
            if (!retention.keepsStreamAt(current.newestFirst().indexOf(entry))) {
                log.debug("Not keeping the stream of task {}: older than the newest streams kept", taskId);
                directory.deletePartialStream(taskId);
                return;
            }
            if (!directory.promotePartialStream(taskId)) {
                return;
            }
            List<HistoryEntry> entries = new ArrayList<>(current.newestFirst());
            entries.set(entries.indexOf(entry), entry.withStream(true));
            snapshot = Snapshot.of(entries);
        }
    }

    /**
     * Hands each whole line of a task's partial stream to {@code lines}, after cutting off a torn
     * last line (one the agent was writing when it died); false when the task has no partial stream.
     * For recovery at start-up, not for the stream of a task running now.
     *
     * @throws IllegalArgumentException if the task id is not a safe file name
     */
    public boolean readPartialStream(String taskId, Consumer<String> lines) throws IOException {
        TaskFileNames.requireValidId(taskId);
        return directory.readPartialStream(taskId, lines);
    }

    /** The task ids of the partial streams found when this history was opened: left by an agent that died. */
    public Set<String> leftoverPartialStreams() {
        return leftoverPartialStreams;
    }

    /**
     * Deletes the partial streams found when this history was opened, except that of {@code keep}
     * (null for none). Call at start-up only, before any task runs.
     */
    public void discardLeftoverPartialStreams(String keep) {
        for (String taskId : leftoverPartialStreams) {
            if (!taskId.equals(keep) && directory.deletePartialStream(taskId)) {
                log.info("Removed the stray partial stream of task {}", taskId);
            }
        }
    }

    public Optional<Task> find(String taskId) {
        return entry(taskId).map(HistoryEntry::task);
    }

    /** All kept tasks, newest {@code created_at} first; an immutable copy. */
    public List<Task> newestFirst() {
        return snapshot.tasks();
    }

    /**
     * The raw stream-json lines of a task, or empty when the history does not keep them.
     *
     * @throws UncheckedIOException if the kept file cannot be read
     */
    public Optional<List<String>> stream(String taskId) {
        if (!entry(taskId).map(HistoryEntry::hasStream).orElse(false)) {
            return Optional.empty();
        }
        try {
            // Retention may delete the file between the look-up and the read: then it is not kept.
            return directory.readStream(taskId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stream of task " + taskId, e);
        }
    }

    private Optional<HistoryEntry> entry(String taskId) {
        // Immutable maps refuse null keys; an unknown or malformed id is simply not there.
        return taskId == null
                ? Optional.empty()
                : Optional.ofNullable(snapshot.byId().get(taskId));
    }

    /** The folder this history lives in. */
    public Path directory() {
        return directory.path();
    }

    private static void deleteObsolete(HistoryDirectory directory, Retention.Plan plan) {
        plan.evicted().forEach(directory::deleteTask);
        plan.droppedStreams().forEach(directory::deleteStream);
    }

    /** An immutable view: entries newest first, by id, and the tasks alone. */
    private record Snapshot(List<HistoryEntry> newestFirst, Map<String, HistoryEntry> byId, List<Task> tasks) {
        static Snapshot of(List<HistoryEntry> newestFirst) {
            Map<String, HistoryEntry> byId = new LinkedHashMap<>();
            List<Task> tasks = new ArrayList<>(newestFirst.size());
            for (HistoryEntry entry : newestFirst) {
                byId.put(entry.taskId(), entry);
                tasks.add(entry.task());
            }
            return new Snapshot(List.copyOf(newestFirst), Map.copyOf(byId), List.copyOf(tasks));
        }
    }
}
