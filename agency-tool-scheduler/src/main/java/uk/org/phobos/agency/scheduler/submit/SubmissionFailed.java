package uk.org.phobos.agency.scheduler.submit;

import uk.org.phobos.agency.scheduler.run.Outcome;

/** A run whose task was not accepted: the outcome to record and a message saying who refused and why. */
public final class SubmissionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Outcome outcome;

    public SubmissionFailed(Outcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
