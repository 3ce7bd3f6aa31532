package uk.org.phobos.agency.core.api;

/** {@code POST /shutdown}: drain (the default) or stop at once ({@code force}). */
public record ShutdownRequest(Boolean force, Integer timeoutSeconds) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    public int effectiveTimeoutSeconds() {
        return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    /** Throws {@code validation_error} when the timeout is out of range. */
    public ShutdownRequest validated() {
        if (timeoutSeconds != null && (timeoutSeconds < 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            throw ApiException.validation(
                    "timeout_seconds must be between 0 and " + MAX_TIMEOUT_SECONDS + ", got " + timeoutSeconds);
        }
        return this;
    }
}
