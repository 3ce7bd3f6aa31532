package uk.org.phobos.agency.cli.task;

import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.json.JsonObject;

/** A task that was accepted: where to ask about it, its ids, and the answer as sent. */
public record Submission(TaskAddress address, String taskId, String sessionId, JsonObject created) {}
