package uk.org.phobos.agency.testkit.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/** The scripted replies still to serve, in order; sticky errors repeat for retries of their request. */
final class ReplyQueue {
    /** What a main request gets once the script has run out: it ends the run quickly. */
    static final ScriptedReply EXHAUSTED = ScriptedReply.text("[AnthropicStandIn] no scripted reply left");

    private final Deque<ScriptedReply> pending = new ArrayDeque<>();
    private ScriptedReply.ApiError stickyError;
    private JsonNode stickyMessages;
    private int exhaustedCount;

    synchronized void add(ScriptedReply reply) {
        pending.addLast(reply);
    }

    /** The reply for a main request whose conversation so far is {@code messages}. */
    synchronized ScriptedReply next(JsonNode messages) {
        if (stickyError != null && stickyMessages.equals(messages)) {
            return stickyError;
        }
        stickyError = null;
        stickyMessages = null;
        ScriptedReply reply = pending.pollFirst();
        if (reply == null) {
            exhaustedCount++;
            return EXHAUSTED;
        }
        if (reply instanceof ScriptedReply.ApiError error && error.sticky()) {
            stickyError = error;
            stickyMessages = messages;
        }
        return reply;
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized int exhaustedCount() {
        return exhaustedCount;
    }
}
