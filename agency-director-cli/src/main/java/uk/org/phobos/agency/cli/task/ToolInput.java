package uk.org.phobos.agency.cli.task;

import java.nio.charset.StandardCharsets;
import java.util.List;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonObject;

/** A tool call's input in one short line: the command, path or pattern it names, else its JSON. */
record ToolInput(Object input) {
    private static final List<String> TELLING_FIELDS =
            List.of("command", "file_path", "path", "pattern", "url", "query", "prompt", "description");

    String summary(JsonCodec json, int width) {
        String text = null;
        if (input instanceof JsonObject object) {
            for (String field : TELLING_FIELDS) {
                if (object.string(field) != null) {
                    text = object.string(field);
                    break;
                }
            }
            if (text == null) {
                text = new String(json.write(object), StandardCharsets.UTF_8);
            }
        } else if (input != null) {
            text = input.toString();
        }
        return OneLine.of(text, width);
    }
}
