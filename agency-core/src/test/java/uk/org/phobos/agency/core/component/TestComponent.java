package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * A component with every interface, whose one task runs until the test says {@link #finishWork()}.
 * Tasks whose prompt is {@code "boom"} throw, to show that internal errors stay internal.
 */
final class TestComponent implements Taskable, Observable, Configurable {
    private final String name;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, List<EventFeed.FeedEvent>> events = new LinkedHashMap<>();
    private final List<EventFeed.EventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean persisted = new AtomicBoolean();
    private volatile CountDownLatch work = new CountDownLatch(0);
    private volatile Map<String, Object> settings = Map.of("greeting", "hello");

    TestComponent(String name) {
        this.name = name;
    }

    @Override
    public ComponentType type() {
        return ComponentType.AGENT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public synchronized String state() {
        return work.getCount() > 0 ? "working" : "idle";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("greeting", settings.get("greeting"));
    }

    @Override
    public Map<String, Object> statusDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("current_task", null);
        return details;
    }

    @Override
    public synchronized TaskCreated submit(TaskRequest request) {
        if ("boom".equals(request.prompt())) {
            throw new IllegalStateException("secret internal detail");
        }
        if (work.getCount() > 0) {
            throw new ApiException(ErrorCode.AGENT_BUSY, "busy", Map.of("current_task", "t" + ids.get()));
        }
        String id = "t" + ids.incrementAndGet();
        work = new CountDownLatch(1);
        tasks.put(id, task(id, TaskState.WORKING, request.prompt(), null));
        events.put(id, new ArrayList<>());
        emit(id, "text", Map.of("text", "started " + id));
        emit(id, "text", Map.of("text", "thinking"));
        return new TaskCreated(id, "s-" + id, TaskState.WORKING);
    }

    /** Ends the running task as completed. */
    synchronized void finishWork() {
        String current = "t" + ids.get();
        Task task = tasks.get(current);
        if (task != null && task.state() == TaskState.WORKING) {
            tasks.put(current, task(current, TaskState.COMPLETED, task.prompt(), null));
            emit(current, "result", Map.of("state", "completed"));
            listeners.forEach(EventFeed.EventListener::onEnd);
        }
        work.countDown();
    }

    @Override
    public synchronized Optional<Task> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public synchronized Task cancel(String taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw ApiException.notFound("no task " + taskId);
        }
        if (task.state().isTerminal()) {
            throw new ApiException(
                    ErrorCode.ALREADY_COMPLETED,
                    "already " + task.state().wireName(),
                    Map.of("final_state", task.state().wireName()));
        }
        Task cancelled =
                task(taskId, TaskState.CANCELLED, task.prompt(), new TaskError(TaskErrorType.CANCELLED, "cancelled"));
        tasks.put(taskId, cancelled);
        work.countDown();
        return cancelled;
    }

    @Override
    public synchronized List<?> tasks() {
        return List.copyOf(tasks.values());
    }

    @Override
    public synchronized HistoryPage<?> history(PageRequest page) {
        List<Task> newestFirst = new ArrayList<>(tasks.values());
        java.util.Collections.reverse(newestFirst);
        return page.slice(newestFirst);
    }

    @Override
    public synchronized Optional<?> historyEntry(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized Optional<List<String>> debugLines(String id) {
        return tasks.containsKey(id) ? Optional.of(List.of("{\"type\":\"raw\"}")) : Optional.empty();
    }

    @Override
    public synchronized Optional<EventFeed> events(String taskId) {
        if (!events.containsKey(taskId)) {
            return Optional.empty();
        }
        return Optional.of((afterId, listener) -> {
            synchronized (TestComponent.this) {
                for (EventFeed.FeedEvent event : events.get(taskId)) {
                    if (event.id() > afterId) {
                        listener.onEvent(event);
                    }
                }
                if (tasks.get(taskId).state().isTerminal()) {
                    listener.onEnd();
                    return () -> {};
                }
                listeners.add(listener);
                return () -> listeners.remove(listener);
            }
        });
    }

    private void emit(String taskId, String eventName, Object data) {
        List<EventFeed.FeedEvent> log = events.get(taskId);
        EventFeed.FeedEvent event = new EventFeed.FeedEvent(log.size() + 1, eventName, data);
        log.add(event);
        listeners.forEach(listener -> listener.onEvent(event));
    }

    @Override
    public Object currentConfig() {
        return settings;
    }

    @Override
    public Object replaceConfig(JsonNode proposed) {
        JsonNode greeting = proposed.get("greeting");
        if (greeting == null || !greeting.isTextual() || greeting.asText().isBlank()) {
            throw ApiException.validation("greeting must be a non-empty string");
        }
        settings = Map.of("greeting", greeting.asText());
        return settings;
    }

    @Override
    public void stopAccepting() {
        accepting.set(false);
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void cancelAll() {
        String current = "t" + ids.get();
        Task task = tasks.get(current);
        if (task != null && task.state() == TaskState.WORKING) {
            cancel(current);
        }
    }

    @Override
    public void persist() {
        persisted.set(true);
    }

    boolean persisted() {
        return persisted.get();
    }

    private static Task task(String id, TaskState state, String prompt, TaskError error) {
        return new Task(
                id,
                "s-" + id,
                state,
                prompt,
                null,
                null,
                null,
                Instant.now(),
                Instant.now(),
                state.isTerminal() ? Instant.now() : null,
                null,
                null,
                null,
                error,
                null,
                null,
                null,
                1,
                List.of(),
                null);
    }
}
