package uk.org.phobos.agency.web.queue;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The web view's task queue, in order, in {@code web/queue.json}: every change is written durably
 * (fsync) before it is acted on, so a queued task survives a crash and a task being sent is known to
 * be in flight after one. Finished entries stay a day, so their queue ids keep resolving to tasks.
 */
public final class TaskQueue {
    public static final int MAX_WAITING = 1000;
    static final Duration KEEP_FINISHED = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);

    private record FileShape(List<QueueEntry> entries) {}

    private final Path file;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final List<QueueEntry> entries = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private TaskQueue(Path file, ObjectMapper mapper, Clock clock) {
        this.file = file;
        this.mapper = mapper;
        this.clock = clock;
    }

    public static TaskQueue open(Path file, ObjectMapper mapper, Clock clock) throws IOException {
        TaskQueue queue = new TaskQueue(file, mapper, clock);
        try {
            FileShape stored = mapper.readValue(Files.readAllBytes(file), FileShape.class);
            if (stored.entries() != null) {
                queue.entries.addAll(stored.entries());
            }
        } catch (NoSuchFileException absent) {
            // an empty queue
        } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
            Files.move(file, aside);
            log.error(
                    "{} could not be read ({}); moved it to {}: its tasks are not dispatched",
                    file,
                    unreadable.getMessage(),
                    aside);
        }
        return queue;
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void add(QueueEntry entry) {
        synchronized (this) {
            long waiting = entries.stream().filter(e -> e.status().waiting()).count();
            if (waiting >= MAX_WAITING) {
                throw ApiException.unavailable("the queue is full (" + MAX_WAITING + " tasks wait): try again later");
            }
            entries.add(entry);
            persist();
        }
        changed();
    }

    public synchronized Optional<QueueEntry> find(String queueId) {
        return entries.stream().filter(e -> e.queueId().equals(queueId)).findFirst();
    }

    /** Entries, oldest first. */
    public synchronized List<QueueEntry> entries() {
        return List.copyOf(entries);
    }

    /** Entries still waiting (queued or being sent), oldest first. */
    public synchronized List<QueueEntry> waiting() {
        return entries.stream().filter(e -> e.status().waiting()).toList();
    }

    /** Replaces entry {@code queueId} with {@code change} applied to it, durably, and returns the result. */
    public QueueEntry update(String queueId, UnaryOperator<QueueEntry> change) {
        QueueEntry updated;
        synchronized (this) {
            int index = indexOf(queueId);
            updated = change.apply(entries.get(index));
            entries.set(index, updated);
            prune();
            persist();
        }
        changed();
        return updated;
    }

    /** Withdraws a waiting entry. */
    public QueueEntry cancel(String queueId) {
        synchronized (this) {
            QueueEntry entry = entries.get(indexOf(queueId));
            if (entry.status() != QueueEntry.Status.QUEUED) {
                throw new ApiException(
                        uk.org.phobos.agency.core.api.ErrorCode.ALREADY_COMPLETED,
                        "queue entry " + queueId + " is " + entry.status().wireName() + ", not queued",
                        java.util.Map.of("final_state", entry.status().wireName()));
            }
        }
        return update(queueId, entry -> entry.cancelled(clock.instant()));
    }

    private int indexOf(String queueId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).queueId().equals(queueId)) {
                return i;
            }
        }
        throw ApiException.notFound("no queue entry '" + queueId + "'");
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(KEEP_FINISHED);
        entries.removeIf(e -> !e.status().waiting()
                && e.finishedAt() != null
                && e.finishedAt().isBefore(cutoff));
        while (entries.size() > MAX_WAITING * 2) {
            int oldestFinished = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (!entries.get(i).status().waiting()) {
                    oldestFinished = i;
                    break;
                }
            }
            if (oldestFinished < 0) {
                break;
            }
            entries.remove(oldestFinished);
        }
    }

    private void persist() {
        try {
            AtomicFiles.write(file, mapper.writeValueAsBytes(new FileShape(List.copyOf(entries))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the queue to " + file, e);
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
