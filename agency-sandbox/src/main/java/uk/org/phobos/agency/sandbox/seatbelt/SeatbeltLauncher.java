package uk.org.phobos.agency.sandbox.seatbelt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.org.phobos.agency.sandbox.NetworkAccess;
import uk.org.phobos.agency.sandbox.RuleResolver;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxLauncher;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxedCommand;

/**
 * Runs commands under {@code sandbox-exec -p <profile>} on macOS, with a profile generated from the
 * policy ({@link SeatbeltProfile}). Paths are resolved to their real location first, since
 * Seatbelt matches resolved paths ({@code /tmp} is {@code /private/tmp} there). The profile holds
 * paths only, no secrets; the environment goes to the process as its environment. There is no
 * process-group or pid namespace here: the caller's {@code setsid} group kill is what ends the
 * command and its children.
 */
public final class SeatbeltLauncher implements SandboxLauncher {
    private final Path sandboxExec;
    private final RuleResolver resolver = new RuleResolver();
    private final SeatbeltProfile profile = new SeatbeltProfile();

    /** @param sandboxExec the absolute path of {@code sandbox-exec} */
    public SeatbeltLauncher(Path sandboxExec) {
        this.sandboxExec = Objects.requireNonNull(sandboxExec, "sandboxExec");
    }

    @Override
    public SandboxBackend backend() {
        return SandboxBackend.SEATBELT;
    }

    /** The profile text {@link #wrap} passes to {@code sandbox-exec -p}. */
    public String profile(SandboxPolicy policy) throws SandboxException {
        if (!(policy.network() instanceof NetworkAccess.Host)) {
            throw new SandboxException("sandbox-exec cannot apply network access '"
                    + policy.network().label() + "' yet");
        }
        return profile.render(resolver.resolve(policy), policy.network(), policy.hash());
    }

    @Override
    public SandboxedCommand wrap(
            SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment)
            throws SandboxException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (!workingDirectory.isAbsolute() || !Files.isDirectory(workingDirectory)) {
            throw new SandboxException(
                    "working directory " + workingDirectory + " is not an existing absolute directory");
        }
        List<String> command = new ArrayList<>(List.of(sandboxExec.toString(), "-p", profile(policy)));
        command.addAll(argv);
        return new SandboxedCommand(
                command,
                policy.environment().applyTo(environment),
                workingDirectory,
                SandboxBackend.SEATBELT,
                policy.hash());
    }
}
