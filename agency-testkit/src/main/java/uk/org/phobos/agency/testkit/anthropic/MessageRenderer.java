package uk.org.phobos.agency.testkit.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an assistant reply the way the Messages API does: as Server-Sent Events for
 * {@code "stream": true} ({@code message_start}, {@code ping}, per block {@code content_block_start},
 * {@code content_block_delta}s with {@code text_delta} or {@code input_json_delta},
 * {@code content_block_stop}, then {@code message_delta} with the stop reason and usage and
 * {@code message_stop}), or as one JSON message otherwise.
 */
final class MessageRenderer {
    static final int INPUT_TOKENS = 10;
    static final int OUTPUT_TOKENS = 5;
    private static final int CHUNK = 16;

    private final ObjectMapper json = new ObjectMapper();

    String sse(String messageId, String model, ScriptedReply reply) {
        StringBuilder out = new StringBuilder();
        ObjectNode start = event("message_start");
        ObjectNode message = messageHead(messageId, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(INPUT_TOKENS, 1));
        start.set("message", message);
        append(out, start);
        append(out, event("ping"));
        List<ObjectNode> blocks = blocks(reply);
        for (int index = 0; index < blocks.size(); index++) {
            ObjectNode block = blocks.get(index);
            boolean isText = "text".equals(block.path("type").asText());
            ObjectNode emptyBlock = block.deepCopy();
            if (isText) {
                emptyBlock.put("text", "");
            } else {
                emptyBlock.putObject("input");
            }
            ObjectNode blockStart = event("content_block_start");
            blockStart.put("index", index);
            blockStart.set("content_block", emptyBlock);
            append(out, blockStart);
            String whole =
                    isText ? block.path("text").asText() : block.path("input").toString();
            for (String part : chunks(whole)) {
                ObjectNode delta = event("content_block_delta");
                delta.put("index", index);
                ObjectNode d = delta.putObject("delta");
                d.put("type", isText ? "text_delta" : "input_json_delta");
                d.put(isText ? "text" : "partial_json", part);
                append(out, delta);
            }
            ObjectNode blockStop = event("content_block_stop");
            blockStop.put("index", index);
            append(out, blockStop);
        }
        ObjectNode messageDelta = event("message_delta");
        ObjectNode delta = messageDelta.putObject("delta");
        delta.put("stop_reason", stopReason(reply));
        delta.putNull("stop_sequence");
        messageDelta.set("usage", usage(INPUT_TOKENS, OUTPUT_TOKENS));
        append(out, messageDelta);
        append(out, event("message_stop"));
        return out.toString();
    }

    String json(String messageId, String model, ScriptedReply reply) {
        ObjectNode message = messageHead(messageId, model);
        ArrayNode content = message.putArray("content");
        blocks(reply).forEach(content::add);
        message.put("stop_reason", stopReason(reply));
        message.putNull("stop_sequence");
        message.set("usage", usage(INPUT_TOKENS, OUTPUT_TOKENS));
        return message.toString();
    }

    String error(ScriptedReply.ApiError error) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "error");
        ObjectNode detail = body.putObject("error");
        detail.put("type", error.type());
        detail.put("message", error.message());
        return body.toString();
    }

    String countTokens(int inputTokens) {
        return json.createObjectNode().put("input_tokens", inputTokens).toString();
    }

    private ObjectNode messageHead(String messageId, String model) {
        ObjectNode message = json.createObjectNode();
        message.put("id", messageId);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    private List<ObjectNode> blocks(ScriptedReply reply) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (reply instanceof ScriptedReply.Text text) {
            blocks.add(textBlock(text.text()));
        } else if (reply instanceof ScriptedReply.ToolUse toolUse) {
            if (toolUse.leadingText() != null) {
                blocks.add(textBlock(toolUse.leadingText()));
            }
            ObjectNode block = json.createObjectNode();
            block.put("type", "tool_use");
            block.put("id", toolUse.id());
            block.put("name", toolUse.name());
            block.set("input", json.valueToTree(toolUse.input()));
            blocks.add(block);
        } else {
            throw new IllegalArgumentException("Not a message: " + reply);
        }
        return blocks;
    }

    private ObjectNode textBlock(String text) {
        ObjectNode block = json.createObjectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    private static String stopReason(ScriptedReply reply) {
        return reply instanceof ScriptedReply.ToolUse ? "tool_use" : "end_turn";
    }

    private ObjectNode usage(int input, int output) {
        ObjectNode usage = json.createObjectNode();
        usage.put("input_tokens", input);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", output);
        return usage;
    }

    private ObjectNode event(String type) {
        return json.createObjectNode().put("type", type);
    }

    private static void append(StringBuilder out, ObjectNode event) {
        out.append("event: ").append(event.path("type").asText()).append('\n');
        out.append("data: ").append(event).append("\n\n");
    }

    /** Splits text into pieces, never inside a surrogate pair, as a stream would deliver it. */
    private static List<String> chunks(String whole) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (from < whole.length()) {
            int to = Math.min(whole.length(), from + CHUNK);
            if (to < whole.length() && Character.isHighSurrogate(whole.charAt(to - 1))) {
                to++;
            }
            parts.add(whole.substring(from, to));
            from = to;
        }
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
    }
}
