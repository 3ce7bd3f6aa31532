package uk.org.phobos.agency.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that becomes an error envelope on the wire. Components throw it; the server maps it to
 * its HTTP status; the client throws it back when a component answers with an error.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;
    private final int httpStatus;
    private final transient Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, ?> details) {
        this(code.httpStatus(), new ApiError(code, message, details), Map.of());
    }

    public ApiException(int httpStatus, ApiError error, Map<String, String> headers) {
        super(error.error() + ": " + error.message());
        this.error = error;
        this.httpStatus = httpStatus;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(ErrorCode.UNAVAILABLE, message);
    }

    /** A copy that also sends the given response header (e.g. {@code Retry-After}). */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(httpStatus, error, more);
    }

    public ApiError error() {
        return error;
    }

    public ErrorCode code() {
        return error.code();
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
