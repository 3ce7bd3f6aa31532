package uk.org.phobos.agency.testkit.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        JsonNode conversation = conversation(messages);
        if (stickyError != null && stickyMessages.equals(conversation)) {
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
            stickyMessages = conversation;
        }
        return reply;
    }

    /**
     * The conversation a request continues, for telling a retry from a new turn. The CLI's retries
     * of one request can differ in their {@code <system-reminder>} text blocks and cache markers,
     * so those are left out.
     */
    static JsonNode conversation(JsonNode messages) {
        ArrayNode conversation = JsonNodeFactory.instance.arrayNode();
        for (JsonNode message : messages) {
            ObjectNode kept = conversation.addObject();
            kept.put("role", message.path("role").asText());
            JsonNode content = message.path("content");
            if (!content.isArray()) {
                kept.set("content", content);
                continue;
            }
            ArrayNode blocks = kept.putArray("content");
            for (JsonNode block : content) {
                boolean reminder = block.path("type").asText().equals("text")
                        && block.path("text").asText().startsWith("<system-reminder>");
                if (!reminder && block.isObject()) {
                    blocks.add(((ObjectNode) block.deepCopy()).without("cache_control"));
                }
            }
        }
        return conversation;
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized int exhaustedCount() {
        return exhaustedCount;
    }
}
