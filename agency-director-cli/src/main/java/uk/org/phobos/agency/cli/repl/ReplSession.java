package uk.org.phobos.agency.cli.repl;

import java.net.URI;

/** Where the REPL's prompts go: the agent (once chosen) and the session (once the first task started it). */
final class ReplSession {
    private URI agent;
    private String sessionId;
    private final String model;

    ReplSession(URI agent, String sessionId, String model) {
        this.agent = agent;
        this.sessionId = sessionId;
        this.model = model;
    }

    URI agent() {
        return agent;
    }

    String sessionId() {
        return sessionId;
    }

    String model() {
        return model;
    }

    void startedOn(URI agent, String sessionId) {
        this.agent = agent;
        this.sessionId = sessionId;
    }

    /** The next prompt starts a new session, on whichever agent is idle then (unless one was pinned). */
    void forgetSession(URI pinnedAgent) {
        this.sessionId = null;
        this.agent = pinnedAgent;
    }
}
