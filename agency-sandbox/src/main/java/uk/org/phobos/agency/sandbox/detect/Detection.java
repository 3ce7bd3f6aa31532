package uk.org.phobos.agency.sandbox.detect;

import java.util.Objects;
import java.util.Optional;
import uk.org.phobos.agency.sandbox.ProbeResult;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxLauncher;

/** The sandbox backend found on this machine, if any, and how it was found or why none was. */
public record Detection(Optional<SandboxLauncher> launcher, String reason) {
    public Detection {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(reason, "reason");
    }

    public static Detection found(SandboxLauncher launcher, String reason) {
        return new Detection(Optional.of(launcher), reason);
    }

    public static Detection none(String reason) {
        return new Detection(Optional.empty(), reason);
    }

    public boolean available() {
        return launcher.isPresent();
    }

    public SandboxBackend backend() {
        return launcher.map(SandboxLauncher::backend).orElse(SandboxBackend.NONE);
    }

    /** What a probe reports when there is nothing to probe. */
    public ProbeResult unavailable() {
        return ProbeResult.failed(SandboxBackend.NONE, reason);
    }
}
