package uk.org.phobos.agency.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Wraps a command line so that it runs inside a sandbox made from a {@link SandboxPolicy}.
 *
 * <p>The wrapped command is meant to be started the way the agent starts any child: as
 * {@code setsid <argv...>} (its own process group, stopped with {@code kill -TERM -- -PGID}), stdin
 * closed, stdout and stderr piped. Start it from a thread that lives until the process has exited:
 * under bubblewrap the sandbox is killed when the thread that started it ends
 * ({@code --die-with-parent} uses {@code PR_SET_PDEATHSIG}, which follows the parent thread).
 */
public interface SandboxLauncher {

    SandboxBackend backend();

    /**
     * The command that runs {@code argv} inside the sandbox, in {@code workingDirectory} (which must
     * exist), with {@code environment} changed by the policy's {@link EnvironmentChanges}.
     *
     * @param environment the complete environment the command would get without a sandbox
     * @throws SandboxException when the policy cannot be applied (a read-write path is missing, a
     *     network mode the backend does not support); never falls back to running unsandboxed
     */
    SandboxedCommand wrap(
            SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment)
            throws SandboxException;
}
