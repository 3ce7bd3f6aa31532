package uk.org.phobos.agency.sandbox;

/**
 * A command cannot be sandboxed as its policy asks. Checked on purpose: whoever starts a command
 * must decide what a failure means, and running it unsandboxed is never the silent answer.
 */
public class SandboxException extends Exception {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
