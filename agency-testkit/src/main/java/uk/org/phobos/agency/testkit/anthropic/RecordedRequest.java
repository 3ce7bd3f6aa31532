package uk.org.phobos.agency.testkit.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request the {@link AnthropicStandIn} received and how it answered it.
 *
 * @param body the parsed JSON body, or a missing node when there was none or it was not JSON
 * @param reply the scripted reply it got (main requests only)
 */
public record RecordedRequest(
        int sequence,
        RequestKind kind,
        String method,
        String url,
        Map<String, String> headers,
        String bodyText,
        JsonNode body,
        Optional<ScriptedReply> reply) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
        body = body == null ? MissingNode.getInstance() : body;
    }

    /** A header by its lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    public boolean streamed() {
        return body.path("stream").asBoolean(false);
    }

    public String model() {
        return body.path("model").asText();
    }

    public JsonNode messages() {
        return body.path("messages");
    }

    /** The {@code tool_result} blocks in all user messages. */
    public List<JsonNode> toolResults() {
        return userBlocks("tool_result");
    }

    /** The text of every text block in the user messages (prompts, and the CLI's reminders). */
    public List<String> userTexts() {
        return userBlocks("text").stream().map(b -> b.path("text").asText()).toList();
    }

    private List<JsonNode> userBlocks(String type) {
        List<JsonNode> blocks = new ArrayList<>();
        for (JsonNode message : messages()) {
            if (!"user".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isTextual() && type.equals("text")) {
                ObjectNode block = JsonNodeFactory.instance.objectNode();
                block.put("type", "text");
                block.put("text", content.asText());
                blocks.add(block);
                continue;
            }
            for (JsonNode block : content) {
                if (type.equals(block.path("type").asText())) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }
}
