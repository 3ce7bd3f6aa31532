package uk.org.phobos.agency.testkit.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One scripted answer of the {@link AnthropicStandIn} to a main-conversation request. */
public sealed interface ScriptedReply {

    /** An assistant message with one text block; stop_reason end_turn. */
    record Text(String text) implements ScriptedReply {}

    /**
     * An assistant message with one {@code tool_use} block, optionally after a text block;
     * stop_reason tool_use. The CLI runs the tool and sends its {@code tool_result} next.
     */
    record ToolUse(String leadingText, String id, String name, Map<String, Object> input) implements ScriptedReply {
        public ToolUse {
            input = new LinkedHashMap<>(input);
        }
    }

    /**
     * An HTTP error with Anthropic's error body {@code {"type":"error","error":{"type","message"}}}.
     * A {@code sticky} error also answers every retry of the same request (the same conversation,
     * ignoring the {@code <system-reminder>} blocks the CLI changes between retries),
     * which the CLI sends when retrying: on a 400 it retries with fewer beta features several
     * times, on 5xx/529 as often as {@code CLAUDE_CODE_MAX_RETRIES} allows. A non-sticky error
     * answers one request only, so a retry gets the next reply.
     */
    record ApiError(int status, String type, String message, boolean sticky) implements ScriptedReply {}

    static Text text(String text) {
        return new Text(text);
    }

    static ToolUse toolUse(String name, Map<String, ?> input) {
        return new ToolUse(null, newToolUseId(), name, new LinkedHashMap<>(input));
    }

    /** A Bash tool call, with the {@code command} and {@code description} the model sends. */
    static ToolUse bash(String command) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("command", command);
        input.put("description", "Run " + command);
        return new ToolUse(null, newToolUseId(), "Bash", input);
    }

    /** Fails the turn: this request and its retries get the error, so the run ends with it. */
    static ApiError apiError(int status, String type, String message) {
        return new ApiError(status, type, message, true);
    }

    /** Fails one request only: a retry of it gets the next scripted reply. */
    static ApiError apiErrorOnce(int status, String type, String message) {
        return new ApiError(status, type, message, false);
    }

    /** HTTP 529 overloaded_error, answering one request. */
    static ApiError overloadedOnce() {
        return apiErrorOnce(529, "overloaded_error", "Overloaded");
    }

    private static String newToolUseId() {
        return "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
