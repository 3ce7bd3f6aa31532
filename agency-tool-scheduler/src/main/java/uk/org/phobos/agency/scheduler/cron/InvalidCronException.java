package uk.org.phobos.agency.scheduler.cron;

/** A cron expression that cannot be used; the message says what is wrong with it and how to fix it. */
public final class InvalidCronException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCronException(String message) {
        super(message);
    }
}
