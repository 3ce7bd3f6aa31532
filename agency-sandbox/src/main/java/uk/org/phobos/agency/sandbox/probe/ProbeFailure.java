package uk.org.phobos.agency.sandbox.probe;

/** A probe check failed; the message is the reason the probe reports. */
final class ProbeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeFailure(String reason) {
        super(reason);
    }
}
