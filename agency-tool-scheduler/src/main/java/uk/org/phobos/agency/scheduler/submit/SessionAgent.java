package uk.org.phobos.agency.scheduler.submit;

/** The part of the web view's {@code GET /api/sessions/{id}} the scheduler reads: the agent holding it. */
record SessionAgent(String sessionId, String agentUrl) {}
