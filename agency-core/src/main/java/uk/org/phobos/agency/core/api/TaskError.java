package uk.org.phobos.agency.core.api;

/** Why a task failed, was cancelled or interrupted. */
public record TaskError(TaskErrorType type, String message) {}
