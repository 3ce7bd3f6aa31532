package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The error codes of SPEC.md section 2, each with its HTTP status. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    /** Not in SPEC.md's list: a known route called with a method it does not take. */
    METHOD_NOT_ALLOWED(405),
    AGENT_BUSY(409),
    ALREADY_COMPLETED(409),
    SESSION_BUSY(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    UPSTREAM_ERROR(502),
    UNAVAILABLE(503),
    TIMEOUT(504);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** The code for a wire name, or {@link #INTERNAL_ERROR} for one this version does not know. */
    public static ErrorCode fromWireName(String name) {
        return WireNames.parse(ErrorCode.class, name).orElse(INTERNAL_ERROR);
    }
}
