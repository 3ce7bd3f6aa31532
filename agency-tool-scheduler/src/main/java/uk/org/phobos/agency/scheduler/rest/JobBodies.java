package uk.org.phobos.agency.scheduler.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.scheduler.job.JobSpec;

/**
 * Reads a job from a request body. Unlike most of the wire format, unknown fields are refused: a
 * misspelt {@code overlap} silently falling back to the default is worse than an error.
 */
final class JobBodies {
    private final JsonBodies bodies;

    JobBodies(JsonBodies bodies) {
        this.bodies = bodies;
    }

    /** The body as a job; {@code pathName}, when given, fills in or must equal the body's name. */
    JobSpec read(Context ctx, String pathName) {
        JsonNode tree = bodies.read(ctx, JsonNode.class);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!JobSpec.FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiException(
                    ErrorCode.VALIDATION_ERROR,
                    String.join(
                                    "; ",
                                    unknown.stream()
                                            .map(n -> n + ": unknown field")
                                            .toList()) + " (known fields: " + String.join(", ", JobSpec.FIELDS) + ")",
                    Map.of("fields", unknown));
        }
        if (pathName != null) {
            JsonNode name = tree.get("name");
            if (name == null || name.isNull()) {
                ((ObjectNode) tree).put("name", pathName);
            } else if (!name.isTextual() || !name.asText().equals(pathName)) {
                throw new ApiException(
                        ErrorCode.VALIDATION_ERROR,
                        "name: a job cannot be renamed (the URL says '" + pathName
                                + "'); create a job with the new name and delete this one",
                        Map.of("fields", List.of("name")));
            }
        }
        ObjectMapper mapper = bodies.mapper();
        try {
            return mapper.treeToValue(tree, JobSpec.class);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException mapping
                            && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(0).getFieldName()
                    : "body";
            throw new ApiException(
                    ErrorCode.VALIDATION_ERROR,
                    field + ": has the wrong type (" + expectedType(field) + ")",
                    Map.of("fields", List.of(field)));
        }
    }

    private static String expectedType(String field) {
        return switch (field) {
            case "timeout_seconds" -> "a whole number of seconds";
            case "enabled" -> "true or false";
            default -> "a string";
        };
    }
}
