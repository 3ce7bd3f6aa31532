package uk.org.phobos.agency.agent.claude;

public record ProcessIdentity(long pid, java.time.Instant startedAt) {}
