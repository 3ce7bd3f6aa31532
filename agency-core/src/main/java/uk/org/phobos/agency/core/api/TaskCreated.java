package uk.org.phobos.agency.core.api;

/** The 201 answer to {@code POST /task}. */
public record TaskCreated(String taskId, String sessionId, TaskState state) {}
