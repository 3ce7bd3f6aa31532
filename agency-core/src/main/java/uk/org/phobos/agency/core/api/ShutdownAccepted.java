package uk.org.phobos.agency.core.api;

/** The 202 answer to {@code POST /shutdown}. */
public record ShutdownAccepted(String state, boolean force, int timeoutSeconds) {}
