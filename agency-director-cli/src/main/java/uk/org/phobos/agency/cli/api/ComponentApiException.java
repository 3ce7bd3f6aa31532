package uk.org.phobos.agency.cli.api;

import java.net.URI;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.ApiException;

/** An error envelope, and which component sent it, so that a message can name it. */
public final class ComponentApiException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final URI target;

    public ComponentApiException(URI target, int httpStatus, ApiError error, Map<String, String> headers) {
        super(httpStatus, error, headers);
        this.target = target;
    }

    public URI target() {
        return target;
    }
}
