package uk.org.phobos.agency.core.auth;

/** A client found no fleet token; the message says how to get one. */
public class MissingFleetTokenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MissingFleetTokenException(String message) {
        super(message);
    }
}
