package uk.org.phobos.agency.sandbox;

import java.util.Objects;

/**
 * Whether a sandbox was shown to work: {@code ready} only when a command ran inside it with the real
 * policy and every check held. {@code reason} says what was checked, or what failed and what to do.
 */
public record ProbeResult(SandboxBackend backend, boolean ready, String reason) {
    public ProbeResult {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
    }

    public static ProbeResult passed(SandboxBackend backend, String reason) {
        return new ProbeResult(backend, true, reason);
    }

    public static ProbeResult failed(SandboxBackend backend, String reason) {
        return new ProbeResult(backend, false, reason);
    }
}
