package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.http.FleetHttp;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Waits for a task to end and returns it as its agent finally shows it. On an agent it reads the task's
 * event stream (no polling), resuming after the last event id when the stream drops or stays silent;
 * through the web view, or where an agent has no stream for the task, it polls with a growing interval.
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

    public JsonObject await(TaskAddress start, TaskEventSink sink) throws InterruptedException {
        TaskAddress address = start;
        String lastEventId = null;
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            if (address.onAgent()) {
                String before = lastEventId;
                try {
                    lastEventId = stream(address, lastEventId, sink);
                } catch (ApiException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    return poll(address, sink); // e.g. a task from before the agent's restart: no stream
                }
                JsonObject task = api.task(address);
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
                String agentUrl = task.string("agent_url");
                if (agentUrl != null) {
                    address = TaskAddress.agent(URI.create(agentUrl), address.taskId());
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
