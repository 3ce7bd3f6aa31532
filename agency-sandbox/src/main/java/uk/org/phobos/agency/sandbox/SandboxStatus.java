package uk.org.phobos.agency.sandbox;

import java.util.Objects;

/**
 * The {@code sandbox} object of the agent's {@code /status}:
 * {@code {"mode", "backend", "ready", "reason"}}. {@code ready} says whether tasks run sandboxed.
 */
public record SandboxStatus(SandboxMode mode, SandboxBackend backend, boolean ready, String reason) {
    public SandboxStatus {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
    }

    /** The sandbox is switched off; nothing was probed. */
    public static SandboxStatus off() {
        return new SandboxStatus(
                SandboxMode.OFF, SandboxBackend.NONE, false, "sandbox off (--sandbox off): tasks run unsandboxed");
    }

    /** The status for {@code mode} after a probe; for {@code off} the probe is ignored. */
    public static SandboxStatus of(SandboxMode mode, ProbeResult probe) {
        return switch (mode.decide(probe)) {
            case SANDBOXED -> new SandboxStatus(mode, probe.backend(), true, probe.reason());
            case UNSANDBOXED ->
                mode == SandboxMode.OFF
                        ? off()
                        : new SandboxStatus(
                                mode,
                                probe.backend(),
                                false,
                                "sandbox probe failed: " + probe.reason() + "; tasks run UNSANDBOXED (--sandbox auto)");
            case REFUSED ->
                new SandboxStatus(
                        mode,
                        probe.backend(),
                        false,
                        "sandbox probe failed: " + probe.reason()
                                + "; tasks are refused with sandbox_error (--sandbox required)");
        };
    }
}
