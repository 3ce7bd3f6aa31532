package uk.org.phobos.agency.agent.claude;

/** Why a run ended: it exited by itself, or we stopped it for one of these reasons. */
public enum EndReason {
    EXITED,
    CANCELLED,
    TIMED_OUT,
    STALLED,
    SHUTDOWN
}
