package uk.org.phobos.agency.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads YAML config files into records (snake_case keys). Unlike the wire format, a config file
 * is strict: an unknown key is a typo the user wants to hear about. Every failure is a {@link
 * ConfigException} that names the file, the line and the field.
 */
public final class YamlConfigLoader {
    private final ObjectMapper yaml;
    private final YamlLocator locator = new YamlLocator();

    public YamlConfigLoader() {
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }

    public <T> T load(Path file, Class<T> type) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, null, "no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read it: " + e.getMessage(), e);
        }
        return parse(file, content, type);
    }

    /** Parses {@code content} as if it were the file {@code source} (used in messages only). */
    public <T> T parse(Path source, byte[] content, Class<T> type) {
        try {
            T value = yaml.readValue(content, type);
            if (value == null) {
                throw new ConfigException(source, 0, null, "the file is empty", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(source, content, e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, null, e.getMessage(), e);
        }
    }

    /**
     * A problem with a value that parsed but is not allowed (found by the caller's own validation),
     * reported at the line of the field {@code path} names: its steps are key names and list indexes,
     * e.g. {@code ["jobs", 2, "schedule"]}.
     */
    public ConfigException fieldError(Path source, byte[] content, List<Object> path, String problem) {
        StringBuilder field = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(step);
            }
        }
        return new ConfigException(source, locator.lineOf(content, path), field.toString(), problem, null);
    }

    private ConfigException translate(Path source, byte[] content, JsonProcessingException e) {
        JsonProcessingException syntax = syntaxError(e);
        if (syntax != null) {
            return new ConfigException(
                    source,
                    syntaxErrorLine(syntax),
                    null,
                    "not valid YAML: " + syntax.getOriginalMessage().replaceAll("\\s*\\n\\s*", " "),
                    e);
        }
        JsonMappingException mapping = (JsonMappingException) e;
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : location.getLineNr();
        String field = fieldPath(mapping);
        int fieldLine = locator.lineOf(content, pathSteps(mapping));
        if (fieldLine > 0) {
            line = fieldLine;
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            problem = "unknown key '" + unknown.getPropertyName() + "'" + knownKeys(unknown.getKnownPropertyIds());
        } else if (e instanceof InvalidFormatException invalid) {
            problem = "'" + invalid.getValue() + "' is not a valid " + simpleType(invalid.getTargetType());
        } else if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            problem = instantiation.getCause().getMessage();
        } else if (e instanceof MismatchedInputException mismatched) {
            problem = "expected " + article(simpleType(mismatched.getTargetType())) + ": "
                    + plain(mismatched.getOriginalMessage());
        } else {
            problem = firstLine(e.getOriginalMessage());
        }
        return new ConfigException(source, line, field, problem, e);
    }

    /** The parse error behind {@code e}, if the file is not YAML at all (Jackson may wrap it). */
    /**
     * The line the YAML parser stopped at. Jackson's own location is where its reader was (often the line
     * before); SnakeYAML's problem mark is the line a person has to fix.
     */
    private static int syntaxErrorLine(JsonProcessingException syntax) {
        for (Throwable cause = syntax; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked.getProblemMark().getLine() + 1;
            }
        }
        JsonLocation at = syntax.getLocation();
        return at == null ? 0 : at.getLineNr();
    }

    private static JsonProcessingException syntaxError(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return parse;
            }
        }
        return e instanceof JsonMappingException ? null : e;
    }

    private static List<Object> pathSteps(JsonMappingException e) {
        List<Object> steps = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                steps.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                steps.add(ref.getIndex());
            }
        }
        return steps;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String knownKeys(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return " (known keys: " + known.stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == String.class) {
            return "string";
        }
        if (type.isEnum()) {
            return "value (one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .map(String::toLowerCase)
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        return "mapping";
    }

    private static String article(String noun) {
        return (noun.startsWith("a")
                                || noun.startsWith("e")
                                || noun.startsWith("i")
                                || noun.startsWith("o")
                                || noun.startsWith("u")
                        ? "an "
                        : "a ")
                + noun;
    }

    /** Jackson's own words, less Java type names and its advice about its own settings. */
    private static String plain(String message) {
        return firstLine(message)
                .replaceAll(" \\(set DeserializationConfig[^)]*\\)", "")
                .replaceAll("`?\\b(?:[a-z]+\\.)+([A-Z][A-Za-z0-9$]*)`?", "$1");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
