package uk.org.phobos.agency.core.api;

import java.time.Instant;

/** The task an agent is running, as its {@code /status} shows it. */
public record CurrentTask(String taskId, String sessionId, Instant startedAt, String promptPreview) {}
