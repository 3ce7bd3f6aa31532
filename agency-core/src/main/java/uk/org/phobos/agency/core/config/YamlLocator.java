package uk.org.phobos.agency.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;

/**
 * Finds the line where a field sits in a YAML document. Jackson reports some mapping errors (those
 * found once a whole record has been read) at the end of the object; the user wants the field's line.
 */
final class YamlLocator {
    private final YAMLFactory factory = new YAMLFactory();

    /** The 1-based line of the key (or list item) at {@code path}, or 0 when it cannot be found. */
    int lineOf(byte[] content, List<Object> path) {
        if (path.isEmpty()) {
            return 0;
        }
        try (JsonParser parser = factory.createParser(content)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    continue;
                }
                if (matches(parser.getParsingContext(), path, token)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** True when the parser stands on the key named by {@code path} (or on the list item it names). */
    private static boolean matches(JsonStreamContext context, List<Object> path, JsonToken token) {
        boolean onKey = token == JsonToken.FIELD_NAME;
        JsonStreamContext current = context;
        for (int i = path.size() - 1; i >= 0; i--) {
            if (current == null || current.inRoot()) {
                return false;
            }
            Object step = path.get(i);
            if (step instanceof String name) {
                if (!current.inObject() || !name.equals(current.getCurrentName())) {
                    return false;
                }
                if (i == path.size() - 1 && !onKey) {
                    return false;
                }
            } else if (!current.inArray() || current.getCurrentIndex() != (Integer) step) {
                return false;
            }
            current = current.getParent();
        }
        return current != null && current.inRoot();
    }
}
