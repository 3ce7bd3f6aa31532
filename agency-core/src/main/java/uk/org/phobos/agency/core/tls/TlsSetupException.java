package uk.org.phobos.agency.core.tls;

/** TLS cannot be set up; the message says what is wrong and what to do about it. */
public class TlsSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
