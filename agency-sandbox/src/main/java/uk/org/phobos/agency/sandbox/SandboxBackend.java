package uk.org.phobos.agency.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;

/** The mechanism a sandbox uses; {@link #label()} is what {@code /status} and task records show. */
public enum SandboxBackend {
    /** bubblewrap ({@code bwrap}) on Linux: namespaces and bind mounts. */
    BUBBLEWRAP("bwrap"),
    /** {@code sandbox-exec} with a generated Seatbelt profile on macOS. */
    SEATBELT("sandbox-exec"),
    /** No sandbox. */
    NONE("none");

    private final String label;

    SandboxBackend(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
