package uk.org.phobos.agency.cli.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain trees ({@link JsonObject}, {@link List}, {@link String}, {@link Long} or
 * {@link BigInteger}, {@link BigDecimal}, {@link Boolean}, null) and writes such trees back, with
 * Jackson's streaming parser only. The command line keeps Jackson's data binding off its path: binding
 * costs ~75 ms of class loading and reflection on every run, the streaming parser ~5 ms.
 */
public final class JsonCodec {
    private final JsonFactory factory = new JsonFactory();

    /** The value in {@code json}; {@link JsonException} when it is not JSON. */
    public Object parse(byte[] json) {
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonException("empty document");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonException("more than one value");
            }
            return value;
        } catch (IOException e) {
            throw new JsonException(e.getMessage());
        }
    }

    /** The object in {@code json}; {@link JsonException} when it is something else. */
    public JsonObject parseObject(byte[] json) {
        Object value = parse(json);
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new JsonException("expected a JSON object");
    }

    /** Compact JSON of a tree (maps and {@link JsonObject}s, lists, strings, numbers, booleans, null). */
    public byte[] write(Object tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = factory.createGenerator(bytes)) {
            writeValue(generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT ->
                parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            // Decimals stay as written: 0.000105 must not come back as 1.05E-4.
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new JsonException("unexpected " + token);
        };
    }

    private static JsonObject readObject(JsonParser parser) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            fields.put(name, read(parser, parser.nextToken()));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonException("unterminated object");
        }
        return new JsonObject(fields);
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonException("unterminated array");
            }
            items.add(read(parser, token));
        }
        return items;
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof JsonObject object) {
            writeMap(generator, object.fields());
        } else if (value instanceof Map<?, ?> map) {
            writeMap(generator, map);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                writeValue(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof BigDecimal decimal) {
            generator.writeNumber(decimal);
        } else if (value instanceof BigInteger integer) {
            generator.writeNumber(integer);
        } else if (value instanceof Double || value instanceof Float) {
            generator.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Number number) {
            generator.writeNumber(number.longValue());
        } else {
            generator.writeString(value.toString());
        }
    }

    private static void writeMap(JsonGenerator generator, Map<?, ?> map) throws IOException {
        generator.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            generator.writeFieldName(String.valueOf(entry.getKey()));
            writeValue(generator, entry.getValue());
        }
        generator.writeEndObject();
    }
}
