package uk.org.phobos.agency.cli.http;

import java.net.URI;

/**
 * A component was reached (the connection and the TLS handshake succeeded, so the request went out, or
 * part of it) but no answer came back: a read timeout, a reset, a connection closed before the answer. Unlike
 * {@link uk.org.phobos.agency.core.client.ComponentUnreachableException} (nothing could be sent), the
 * component may have acted on the request, so a request that changes something must not simply be sent
 * elsewhere as if it had never arrived.
 */
public final class ComponentNoAnswerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final URI target;
    private final String method;
    private final String path;

    public ComponentNoAnswerException(URI target, String method, String path, String reason, Throwable cause) {
        super("no answer from " + target + " to " + method + " " + path + " (" + reason + ")", cause);
        this.target = target;
        this.method = method;
        this.path = path;
    }

    public URI target() {
        return target;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }
}
