package uk.org.phobos.agency.core.client;

import java.net.URI;

/**
 * No answer from a component. Either it could not be connected to at all (nothing listens there, the host
 * is unknown, the connection or the TLS handshake failed or timed out): nothing of the request went out,
 * and {@link #mayHaveBeenReceived()} is false, so it is safe to send the request elsewhere instead. Or the
 * connection was made but no answer came (a timeout while waiting for it, a reset or a connection closed
 * before it, the stream broke): the component may have received the request and acted on it, and {@link
 * #mayHaveBeenReceived()} is true, so a request that changes something must not simply be sent elsewhere
 * as if it had never arrived.
 */
public final class ComponentUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final URI target;
    private final boolean mayHaveBeenReceived;

    /** A failure that does not say whether the request went out: it may have been received. */
    public ComponentUnreachableException(URI target, String reason, Throwable cause) {
        this(target, reason, cause, true);
    }

    /**
     * @param mayHaveBeenReceived false only when nothing of the request can have reached the component
     *     (no connection, or the TLS handshake failed)
     */
    public ComponentUnreachableException(URI target, String reason, Throwable cause, boolean mayHaveBeenReceived) {
        super("cannot reach " + target + ": " + reason, cause);
        this.target = target;
        this.mayHaveBeenReceived = mayHaveBeenReceived;
    }

    public URI target() {
        return target;
    }

    /**
     * Whether the component may have received the request: true when the connection was made (so the
     * request went out, or part of it) and no answer came; false when it could not be connected to at all.
     */
    public boolean mayHaveBeenReceived() {
        return mayHaveBeenReceived;
    }
}
