package uk.org.phobos.agency.cli.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A JSON object as read by {@link JsonCodec}, with lenient typed getters: a missing field, a null and
 * a value of another type all read as null, so one odd field never stops the command line from showing
 * the rest.
 */
public record JsonObject(Map<String, Object> fields) {

    public JsonObject {
        fields = Collections.unmodifiableMap(fields);
    }

    public boolean has(String name) {
        return fields.get(name) != null;
    }

    public Object get(String name) {
        return fields.get(name);
    }

    public String string(String name) {
        return fields.get(name) instanceof String text ? text : null;
    }

    public Long whole(String name) {
        return fields.get(name) instanceof Number number ? number.longValue() : null;
    }

    public Integer integer(String name) {
        Long value = whole(name);
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    public Double decimal(String name) {
        Object value = fields.get(name);
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return value instanceof Number number ? number.doubleValue() : null;
    }

    public Boolean bool(String name) {
        return fields.get(name) instanceof Boolean flag ? flag : null;
    }

    public Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public JsonObject object(String name) {
        return fields.get(name) instanceof JsonObject object ? object : null;
    }

    /** The array's items, empty when the field is missing or not an array. */
    public List<Object> array(String name) {
        if (fields.get(name) instanceof List<?> list) {
            return Collections.<Object>unmodifiableList(list);
        }
        return List.of();
    }

    /** The array's objects, skipping items that are not objects. */
    public List<JsonObject> objects(String name) {
        return array(name).stream()
                .filter(JsonObject.class::isInstance)
                .map(JsonObject.class::cast)
                .toList();
    }
}
