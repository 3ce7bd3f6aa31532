package uk.org.phobos.agency.cli.task;

import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.client.ServerSentEvent;

/** What a {@link TaskWatcher} hands on while a task runs. */
public interface TaskEventSink {
    /** One event of the agent's stream ({@code state}, {@code init}, {@code text}, {@code tool_call}, ...). */
    void event(ServerSentEvent event, JsonObject data);

    /** The task as polled, where no event stream is available (the web view's API). */
    default void polled(JsonObject task) {}

    /** Nothing to show. */
    TaskEventSink NONE = (event, data) -> {};
}
