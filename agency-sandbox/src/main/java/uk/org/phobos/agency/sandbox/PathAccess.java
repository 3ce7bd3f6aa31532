package uk.org.phobos.agency.sandbox;

/** What a sandboxed command may do with a path and everything below it. */
public enum PathAccess {
    /** Readable and writable; writes reach the host. */
    READ_WRITE("read-write"),
    /** An empty, writable, private directory that is thrown away when the command ends (a tmpfs). */
    SCRATCH("scratch"),
    /** Readable, not writable. */
    READ_ONLY("read-only"),
    /** Absent: neither readable nor writable, its contents invisible. */
    HIDDEN("hidden");

    private final String label;

    PathAccess(String label) {
        this.label = label;
    }

    /** The name used in a policy's canonical form and in messages. */
    public String label() {
        return label;
    }

    /**
     * Which of two rules for the very same path wins: the more restrictive one. The constants are
     * declared from least to most restrictive.
     */
    int restrictiveness() {
        return ordinal();
    }
}
