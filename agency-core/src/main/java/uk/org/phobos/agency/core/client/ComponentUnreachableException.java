package uk.org.phobos.agency.core.client;

import java.net.URI;

/** No answer from a component: nothing listens there, the connection broke, or it timed out. */
public final class ComponentUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final URI target;

    public ComponentUnreachableException(URI target, String reason, Throwable cause) {
        super("cannot reach " + target + ": " + reason, cause);
        this.target = target;
    }

    public URI target() {
        return target;
    }
}
