package uk.org.phobos.agency.web.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.web.markdown.MarkdownRenderer;
import uk.org.phobos.agency.web.queue.QueueEntry;
import uk.org.phobos.agency.web.sessions.TrackedTask;
import uk.org.phobos.agency.web.sessions.WebSession;

/**
 * Sessions as the dashboard shows them. Prompts and outputs go out only as HTML rendered by {@link
 * MarkdownRenderer} (safe by construction); every other text is plain JSON that the page shows as text.
 */
final class SessionViews {
    private final MarkdownRenderer markdown;

    SessionViews(MarkdownRenderer markdown) {
        this.markdown = markdown;
    }

    Map<String, Object> summary(WebSession session, List<QueueEntry> waiting) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("session_id", session.sessionId());
        view.put("title", session.title());
        view.put("source", session.source());
        view.put("source_ref", session.sourceRef());
        view.put("agent_name", session.agentName());
        view.put(
                "agent_url",
                session.agentUrl() == null ? null : session.agentUrl().toString());
        view.put("task_count", session.tasks().size() + waiting.size());
        view.put("last_state", lastState(session, waiting));
        view.put("created_at", session.createdAt());
        view.put("updated_at", session.updatedAt());
        view.put("archived", session.archived());
        return view;
    }

    Map<String, Object> detail(WebSession session, List<QueueEntry> waiting) {
        Map<String, Object> view = summary(session, waiting);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TrackedTask task : session.tasks()) {
            tasks.add(task(task));
        }
        view.put("tasks", tasks);
        List<Map<String, Object>> queued = new ArrayList<>();
        for (QueueEntry entry : waiting) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("queue_id", entry.queueId());
            q.put("state", "queued");
            q.put("prompt_html", markdown.render(entry.request().prompt()));
            q.put("enqueued_at", entry.enqueuedAt());
            q.put("agent_url", entry.agent() == null ? null : entry.agent().toString());
            queued.add(q);
        }
        view.put("queued", queued);
        return view;
    }

    private Map<String, Object> task(TrackedTask tracked) {
        Task task = tracked.task();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("task_id", task.taskId());
        view.put("state", task.state());
        view.put("provisional", tracked.provisional());
        view.put("agent_name", tracked.agentName());
        view.put("model", task.model());
        view.put("source", task.source());
        view.put("created_at", task.createdAt());
        view.put("started_at", task.startedAt());
        view.put("completed_at", task.completedAt());
        view.put("duration_seconds", task.durationSeconds());
        view.put("prompt_html", markdown.render(task.prompt()));
        view.put("output_html", task.output() == null ? null : markdown.render(task.output()));
        view.put("error", task.error());
        view.put("steps", task.steps());
        view.put("usage", task.usage());
        view.put("cost_usd", task.costUsd());
        view.put("num_turns", task.numTurns());
        view.put("attempts", task.attempts());
        return view;
    }

    private static Object lastState(WebSession session, List<QueueEntry> waiting) {
        if (!waiting.isEmpty()) {
            return "queued";
        }
        List<TrackedTask> tasks = session.tasks();
        return tasks.isEmpty() ? null : tasks.get(tasks.size() - 1).task().state();
    }
}
