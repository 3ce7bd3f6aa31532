package uk.org.phobos.agency.agent.claude;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Usage;

/**
 * Turns one stream-json line into typed events. Stateless and thread-safe. It never throws: a
 * blank line, a line that is not JSON (or cut short) gives no events; a JSON line of a kind not
 * modelled here gives one {@link StreamEvent.Other}, so any valid JSON line gives at least one event.
 */
public final class StreamJsonParser {
    private final ObjectReader reader;

    public StreamJsonParser() {
        this(AgencyJson.newMapper());
    }

    public StreamJsonParser(ObjectMapper mapper) {
        // Without this, "{...} junk" would read as the object and the junk be ignored.
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public List<StreamEvent> parse(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        JsonNode event;
        try {
            event = reader.readTree(line);
        } catch (JsonProcessingException | RuntimeException e) {
            return List.of();
        }
        if (event == null || event.isMissingNode()) {
            return List.of();
        }
        String type = event.path("type").textValue();
        List<StreamEvent> events = switch (type == null ? "" : type) {
            case "system" -> system(event);
            case "assistant" -> assistant(event);
            case "user" -> user(event);
            case "result" -> List.of(result(event));
            default -> List.of();
        };
        return events.isEmpty() ? List.of(new StreamEvent.Other(type)) : events;
    }

    private static List<StreamEvent> system(JsonNode event) {
        if (!"init".equals(event.path("subtype").textValue())) {
            return List.of();
        }
        return List.of(new StreamEvent.Init(text(event, "session_id"), text(event, "model"), text(event, "cwd")));
    }

    private static List<StreamEvent> assistant(JsonNode event) {
        List<StreamEvent> events = new ArrayList<>(2);
        for (JsonNode block : event.path("message").path("content")) {
            switch (text(block, "type")) {
                case "text" -> events.add(new StreamEvent.AssistantText(text(block, "text")));
                case "tool_use" ->
                    events.add(new StreamEvent.ToolCall(
                            text(block, "id"), text(block, "name"), objectOrEmpty(block.get("input"))));
                default -> {
                    // thinking, server tool use, ...: not part of the outline
                }
            }
        }
        return events;
    }

    private static List<StreamEvent> user(JsonNode event) {
        List<StreamEvent> events = new ArrayList<>(1);
        // A plain string content is a user prompt, not a tool result: it gives no event.
        for (JsonNode block : event.path("message").path("content")) {
            if ("tool_result".equals(block.path("type").textValue())) {
                events.add(new StreamEvent.ToolResult(
                        text(block, "tool_use_id"),
                        contentText(block.get("content")),
                        block.path("is_error").asBoolean(false)));
            }
        }
        return events;
    }

    private static StreamEvent.Result result(JsonNode event) {
        JsonNode usage = event.path("usage");
        double totalCost = event.path("total_cost_usd").asDouble(0);
        return new StreamEvent.Result(
                text(event, "subtype"),
                event.path("is_error").asBoolean(false),
                resultText(event),
                event.path("num_turns").asInt(0),
                totalCost,
                usage.isObject()
                        ? new Usage(
                                usage.path("input_tokens").asLong(0),
                                usage.path("output_tokens").asLong(0),
                                usage.path("cache_read_input_tokens").asLong(0),
                                usage.path("cache_creation_input_tokens").asLong(0))
                        : Usage.NONE,
                text(event, "terminal_reason"),
                text(event, "session_id"),
                runCost(event.get("model_usage_since_last_result"), totalCost));
    }

    /** The cost per model since the session's previous result, summed; the total without it. */
    private static double runCost(JsonNode sinceLastResult, double totalCost) {
        if (sinceLastResult == null || !sinceLastResult.isObject()) {
            return totalCost;
        }
        double cost = 0;
        for (JsonNode model : sinceLastResult) {
            cost += model.path("costUSD").asDouble(0);
        }
        return cost;
    }

    /** The result text; error results such as error_max_turns carry an {@code errors} array instead. */
    private static String resultText(JsonNode event) {
        JsonNode result = event.get("result");
        if (result != null && result.isTextual()) {
            return result.textValue();
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : event.path("errors")) {
            errors.add(error.isTextual() ? error.textValue() : error.toString());
        }
        return String.join("; ", errors);
    }

    /** A tool result's content is a string, or a list of blocks (text, image, ...). */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            return content.toString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            String part = "text".equals(block.path("type").textValue())
                    ? text(block, "text")
                    : "[" + block.path("type").asText("content") + "]";
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(part);
        }
        return text.toString();
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
