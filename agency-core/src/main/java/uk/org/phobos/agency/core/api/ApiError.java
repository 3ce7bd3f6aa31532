package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The error envelope every 4xx and 5xx carries: {@code {"error": code, "message": text, ...details}}.
 * Details are extra top-level fields such as {@code current_task} or {@code final_state}.
 */
public final class ApiError {
    private final String error;
    private final String message;
    private final Map<String, Object> details = new LinkedHashMap<>();

    @JsonCreator
    public ApiError(@JsonProperty("error") String error, @JsonProperty("message") String message) {
        this.error = Objects.requireNonNullElse(error, "internal_error");
        this.message = Objects.requireNonNullElse(message, "");
    }

    public ApiError(ErrorCode code, String message, Map<String, ?> details) {
        this(code.wireName(), message);
        this.details.putAll(details);
    }

    @JsonProperty("error")
    public String error() {
        return error;
    }

    @JsonProperty("message")
    public String message() {
        return message;
    }

    @JsonIgnore
    public ErrorCode code() {
        return ErrorCode.fromWireName(error);
    }

    @JsonAnyGetter
    public Map<String, Object> details() {
        return details;
    }

    @JsonAnySetter
    void detail(String name, Object value) {
        details.put(name, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiError other
                && error.equals(other.error)
                && message.equals(other.message)
                && details.equals(other.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(error, message, details);
    }

    @Override
    public String toString() {
        return error + ": " + message + (details.isEmpty() ? "" : " " + details);
    }
}
