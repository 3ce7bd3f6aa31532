package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.http.ComponentNoAnswerException;
import uk.org.phobos.agency.cli.http.FleetHttp;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;

/**
 * Waits for a task to end and returns it as its agent finally shows it. On an agent it reads the task's
 * event stream (no polling), resuming after the last event id when the stream drops or stays silent;
 * where an agent has no stream for the task, it polls with a growing interval. Through the web view it polls
 * {@code GET /api/task/{id}} (a queued task's id is the queue's, {@code q-...}, and resolves to the agent's
 * task once an agent took it) until the answer names the agent and the agent's task id, then follows the
 * task there; when it never does, the web view is polled to the end.
 */
public final class TaskWatcher {
    private static final Set<String> RUNNING = Set.of("queued", "working");
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final long FIRST_POLL_MILLIS = 250;
    private static final long MAX_POLL_MILLIS = 2000;

    private final AgencyApi api;

    public TaskWatcher(AgencyApi api) {
        this.api = api;
    }

    /** True once {@code task} can no longer change (an unknown state counts as ended: nothing will end it). */
    public static boolean ended(JsonObject task) {
        String state = task.string("state");
        return state != null && !RUNNING.contains(state);
    }

    /**
     * Where a task answer from the web view ({@code POST /api/task} or {@code GET /api/task/{id}}) says the
     * task runs: its agent ({@code agent_url}) under the agent's own task id, once an agent took it. Empty
     * while it waits in the web view's queue: then {@code task_id} is the queue's id ({@code q-...}), which
     * only the web view knows, and an {@code agent_url} names at most the agent it waits for.
     */
    static Optional<TaskAddress> onItsAgent(JsonObject answer) {
        String state = answer.string("state");
        String taskId = answer.string("task_id");
        String agentUrl = answer.string("agent_url");
        if (agentUrl == null || taskId == null || taskId.isBlank() || "queued".equals(state)) {
            return Optional.empty();
        }
        if (taskId.equals(answer.string("queue_id"))) {
            return Optional.empty(); // still the queue's id: not a task any agent knows
        }
        try {
            URI agent = URI.create(agentUrl);
            return "https".equalsIgnoreCase(agent.getScheme())
                    ? Optional.of(TaskAddress.agent(agent, taskId))
                    : Optional.empty();
        } catch (IllegalArgumentException notAUrl) {
            return Optional.empty();
        }
    }

    /**
     * Follows the task from {@code start} until it ends and returns it as last read.
     *
     * @param webView for a task submitted through the web view, where to go on asking about it there when an
     *     agent turns out not to know it or cannot be reached from here (the agent's URL is as the web view sees
     *     it); null for a task sent to an agent directly. Not needed when {@code start} is the web view.
     */
    public JsonObject await(TaskAddress start, TaskAddress webView, TaskEventSink sink) throws InterruptedException {
        TaskAddress address = start;
        // Through the web view its id (maybe a queue id) keeps resolving, to the agent's task once an agent
        // took it: the place to go on asking if that agent does not know the task.
        TaskAddress fallback = webView != null ? webView : start.onAgent() ? null : start;
        String lastEventId = null;
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            if (address.onAgent()) {
                String before = lastEventId;
                JsonObject task;
                try {
                    lastEventId = stream(address, lastEventId, sink);
                    task = api.task(address);
                } catch (ApiException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    if (fallback == null) {
                        return poll(address, sink); // e.g. a task from before the agent's restart: no stream
                    }
                    address = fallback; // an agent that does not know it: ask the web view to the end
                    fallback = null;
                    pause = FIRST_POLL_MILLIS;
                    continue;
                } catch (ComponentUnreachableException | ComponentNoAnswerException e) {
                    if (fallback == null) {
                        throw e;
                    }
                    // e.g. the agent's URL as a web view on another machine sees it (both requests are GETs)
                    address = fallback;
                    fallback = null;
                    pause = FIRST_POLL_MILLIS;
                    continue;
                }
                if (ended(task)) {
                    return task;
                }
                if (lastEventId == null || lastEventId.equals(before)) {
                    Thread.sleep(pause); // a stream that ends at once without news: do not spin
                    pause = Math.min(MAX_POLL_MILLIS, pause * 2);
                } else {
                    pause = FIRST_POLL_MILLIS;
                }
            } else {
                JsonObject task = api.task(address);
                sink.polled(task);
                if (ended(task)) {
                    return task;
                }
                Optional<TaskAddress> agent = fallback == null ? Optional.empty() : onItsAgent(task);
                if (agent.isPresent()) {
                    address = agent.get(); // dispatched, and the web view says where: follow its events there
                    pause = FIRST_POLL_MILLIS;
                    continue;
                }
                Thread.sleep(pause);
                pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            }
        }
    }

    private String stream(TaskAddress address, String lastEventId, TaskEventSink sink) {
        String last = api.events(address, lastEventId, SILENCE, event -> {
            if ("end".equals(event.event())) {
                return false;
            }
            sink.event(event, api.eventData(event));
            return true;
        });
        return FleetHttp.SILENT.equals(last) ? lastEventId : last;
    }

    private JsonObject poll(TaskAddress address, TaskEventSink sink) throws InterruptedException {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            JsonObject task;
            try {
                task = api.task(address);
            } catch (ApiException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    throw new CliException(
                            ExitCode.FAILED, address.base() + " no longer knows task " + address.taskId());
                }
                throw e;
            }
            sink.polled(task);
            if (ended(task)) {
                return task;
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }
}
