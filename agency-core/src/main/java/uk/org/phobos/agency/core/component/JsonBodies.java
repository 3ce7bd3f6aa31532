package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Collectors;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Reads request bodies as JSON, never more than the body limit, and turns every parse failure into
 * a {@code validation_error} that says where the problem is without exposing Java class names.
 */
public final class JsonBodies {
    private final ObjectMapper mapper;
    private final long limitBytes;

    public JsonBodies(ObjectMapper mapper, long limitBytes) {
        this.mapper = mapper;
        this.limitBytes = limitBytes;
    }

    /** The body as {@code type}; an empty body is a {@code validation_error}. */
    public <T> T read(Context ctx, Class<T> type) {
        return readOptional(ctx, type).orElseThrow(() -> ApiException.validation("a JSON request body is required"));
    }

    /** The body as {@code type}, or empty when the request has no body. */
    public <T> Optional<T> readOptional(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        if (isBlank(body)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (!tree.isObject()) {
                throw ApiException.validation("the request body must be a JSON object");
            }
            return Optional.ofNullable(mapper.treeToValue(tree, type));
        } catch (JsonProcessingException e) {
            throw ApiException.validation(describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private byte[] bytes(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limitBytes + 1));
            if (body.length > limitBytes) {
                OversizedBodies.discard(ctx);
                throw new ApiException(
                        ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + limitBytes + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.validation("could not read the request body: " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** A message for a bad body that names the field or the position. */
    static String describe(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        if (e instanceof JsonParseException) {
            return "the request body is not valid JSON" + position + ": " + firstLine(e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return "field '" + field + "' has the wrong type or value" + position + ": "
                    + plain(e.getOriginalMessage());
        }
        return "the request body does not have the expected shape" + position + ": " + plain(e.getOriginalMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Jackson's messages name Java types; keep the user-facing part only. */
    private static String plain(String message) {
        String line = firstLine(message);
        return line.replaceAll("`?\\b(?:[a-z]+\\.)+([A-Z][A-Za-z0-9$]*)`?", "$1");
    }
}
