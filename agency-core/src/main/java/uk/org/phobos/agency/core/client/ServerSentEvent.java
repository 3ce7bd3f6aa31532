package uk.org.phobos.agency.core.client;

/** One Server-Sent Event as received: its id (may be null), event name ({@code message} by default) and data. */
public record ServerSentEvent(String id, String event, String data) {}
