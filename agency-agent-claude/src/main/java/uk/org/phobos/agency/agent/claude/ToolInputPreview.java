package uk.org.phobos.agency.agent.claude;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The text that stands for a tool call's input in a step: the argument a person would look for
 * first (Bash's command, Read's file path, Grep's pattern, ...) when there is one, else the input as
 * compact JSON. {@link uk.org.phobos.agency.core.api.Step} cuts it to the preview length.
 */
final class ToolInputPreview {
    // Checked in this order; the first one that holds text wins.
    private static final List<String> MAIN_ARGUMENTS =
            List.of("command", "file_path", "notebook_path", "path", "pattern", "url", "query", "prompt");

    String of(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return "";
        }
        for (String name : MAIN_ARGUMENTS) {
            JsonNode value = input.get(name);
            if (value != null && value.isTextual() && !value.textValue().isBlank()) {
                return value.textValue();
            }
        }
        return input.toString();
    }
}
