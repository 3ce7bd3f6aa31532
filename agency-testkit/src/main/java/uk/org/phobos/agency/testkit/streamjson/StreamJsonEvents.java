package uk.org.phobos.agency.testkit.streamjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the events that {@code claude -p --output-format stream-json --verbose} prints, one per
 * line. Shapes follow what Claude Code 2.1.332 really printed (the captured transcripts under
 * {@code fixtures/stream-json/}), cut down to the fields a consumer reads; a test keeps every field
 * used here present in the real transcripts.
 */
public final class StreamJsonEvents {
    private final ObjectMapper json = new ObjectMapper();

    /** {@code {"type":"system","subtype":"init",...}}, the first line of every run. */
    public ObjectNode systemInit(String sessionId, String cwd, String model, List<String> tools, String version) {
        ObjectNode event = event("system");
        event.put("subtype", "init");
        event.put("cwd", cwd);
        event.put("session_id", sessionId);
        ArrayNode toolNames = event.putArray("tools");
        tools.forEach(toolNames::add);
        event.putArray("mcp_servers");
        event.put("model", model);
        event.put("permissionMode", "bypassPermissions");
        event.put("apiKeySource", "ANTHROPIC_API_KEY");
        event.put("claude_code_version", version);
        event.put("uuid", UUID.randomUUID().toString());
        return event;
    }

    /** An assistant message holding one text block. */
    public ObjectNode assistantText(String sessionId, String model, String text) {
        ObjectNode block = json.createObjectNode();
        block.put("type", "text");
        block.put("text", text);
        return assistant(sessionId, model, block);
    }

    /** An assistant message holding one {@code tool_use} block. */
    public ObjectNode assistantToolUse(
            String sessionId, String model, String toolUseId, String tool, Map<String, ?> input) {
        ObjectNode block = json.createObjectNode();
        block.put("type", "tool_use");
        block.put("id", toolUseId);
        block.put("name", tool);
        block.set("input", json.valueToTree(input));
        return assistant(sessionId, model, block);
    }

    /** The user message by which the CLI reports a tool's result back. */
    public ObjectNode userToolResult(String sessionId, String toolUseId, String content, boolean isError) {
        ObjectNode result = json.createObjectNode();
        result.put("tool_use_id", toolUseId);
        result.put("type", "tool_result");
        result.put("content", content);
        result.put("is_error", isError);
        ObjectNode message = json.createObjectNode();
        message.put("role", "user");
        message.putArray("content").add(result);
        ObjectNode event = event("user");
        event.set("message", message);
        event.putNull("parent_tool_use_id");
        event.put("session_id", sessionId);
        event.put("uuid", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        return event;
    }

    /** The final {@code result} of a completed run: subtype success, is_error false. */
    public ObjectNode resultSuccess(String sessionId, String text, int numTurns, TokenUsage usage, double costUsd) {
        ObjectNode event = result(sessionId, "success", false, "completed", "end_turn", numTurns, usage, costUsd);
        event.put("result", text);
        return event;
    }

    /** The {@code result} of a run that hit {@code --max-turns}; the real CLI then exits 1. */
    public ObjectNode resultMaxTurns(String sessionId, int maxTurns, int numTurns, TokenUsage usage, double costUsd) {
        ObjectNode event =
                result(sessionId, "error_max_turns", true, "max_turns", "tool_use", numTurns, usage, costUsd);
        event.putArray("errors").add("Reached maximum number of turns (" + maxTurns + ")");
        return event;
    }

    /**
     * The {@code result} of a run ended by an API error: the real CLI says subtype success but
     * is_error true, terminal_reason api_error, and exits 1.
     */
    public ObjectNode resultApiError(String sessionId, int status, String message) {
        ObjectNode event =
                result(sessionId, "success", true, "api_error", "stop_sequence", 1, new TokenUsage(0, 0, 0, 0), 0);
        event.put("api_error_status", status);
        event.put("result", message);
        return event;
    }

    /** Any result; the named ones above are the shapes the CLI really prints. */
    public ObjectNode result(
            String sessionId,
            String subtype,
            boolean isError,
            String terminalReason,
            String stopReason,
            int numTurns,
            TokenUsage usage,
            double costUsd) {
        ObjectNode event = event("result");
        event.put("subtype", subtype);
        event.put("is_error", isError);
        event.put("duration_ms", 1000);
        event.put("duration_api_ms", 800);
        event.put("num_turns", numTurns);
        event.put("stop_reason", stopReason);
        event.put("terminal_reason", terminalReason);
        event.put("session_id", sessionId);
        event.put("total_cost_usd", costUsd);
        event.set("usage", usage(usage));
        event.putArray("permission_denials");
        event.put("uuid", UUID.randomUUID().toString());
        return event;
    }

    public String toLine(JsonNode event) {
        return event.toString();
    }

    private ObjectNode assistant(String sessionId, String model, ObjectNode block) {
        ObjectNode message = json.createObjectNode();
        message.put("id", "msg_" + UUID.randomUUID().toString().replace("-", ""));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content").add(block);
        // The CLI prints each block as it completes, before the stop reason is known.
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(TokenUsage.SMALL));
        ObjectNode event = event("assistant");
        event.set("message", message);
        event.putNull("parent_tool_use_id");
        event.put("session_id", sessionId);
        event.put("uuid", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        return event;
    }

    private ObjectNode usage(TokenUsage usage) {
        ObjectNode node = json.createObjectNode();
        node.put("input_tokens", usage.inputTokens());
        node.put("cache_creation_input_tokens", usage.cacheCreationInputTokens());
        node.put("cache_read_input_tokens", usage.cacheReadInputTokens());
        node.put("output_tokens", usage.outputTokens());
        return node;
    }

    private ObjectNode event(String type) {
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        return event;
    }
}
