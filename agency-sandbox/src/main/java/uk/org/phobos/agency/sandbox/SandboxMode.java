package uk.org.phobos.agency.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The agent's {@code --sandbox} setting.
 *
 * <ul>
 *   <li>{@code required} fails closed: a task runs only inside a sandbox whose probe passed; otherwise
 *       it is refused with {@code sandbox_error} and no process is started. It is never run
 *       unsandboxed.
 *   <li>{@code auto} uses the sandbox when the probe passes, and otherwise runs tasks unsandboxed,
 *       saying so in {@code /status} and in every task record.
 *   <li>{@code off} never sandboxes.
 * </ul>
 */
public enum SandboxMode {
    OFF,
    AUTO,
    REQUIRED;

    /** {@code required} where a backend was found, else {@code auto}. */
    public static SandboxMode defaultFor(boolean backendAvailable) {
        return backendAvailable ? REQUIRED : AUTO;
    }

    public SandboxDecision decide(ProbeResult probe) {
        return switch (this) {
            case OFF -> SandboxDecision.UNSANDBOXED;
            case AUTO -> probe.ready() ? SandboxDecision.SANDBOXED : SandboxDecision.UNSANDBOXED;
            case REQUIRED -> probe.ready() ? SandboxDecision.SANDBOXED : SandboxDecision.REFUSED;
        };
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SandboxMode parse(String label) {
        for (SandboxMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("sandbox mode must be off, auto or required, not '" + label + "'");
    }
}
