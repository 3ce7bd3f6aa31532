package uk.org.phobos.agency.sandbox.bwrap;

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
 * Runs commands under bubblewrap on Linux: {@code bwrap <options> -- <argv...>} (see
 * {@link BubblewrapArguments} for the options and why).
 *
 * <p>The environment is handed to bwrap as its process environment, which bwrap passes on to the
 * command unchanged; {@code --setenv} is not used because its values would show in bwrap's argv,
 * which every local user can read in {@code /proc/PID/cmdline}, while {@code /proc/PID/environ} is
 * readable by the same user only. Inside, the new {@code /proc} shows no process outside the sandbox.
 */
public final class BubblewrapLauncher implements SandboxLauncher {
    private final Path bwrap;
    private final RuleResolver resolver = new RuleResolver();
    private final BubblewrapArguments arguments = new BubblewrapArguments();

    /** @param bwrap the absolute path of the {@code bwrap} binary */
    public BubblewrapLauncher(Path bwrap) {
        this.bwrap = Objects.requireNonNull(bwrap, "bwrap");
    }

    public Path binary() {
        return bwrap;
    }

    @Override
    public SandboxBackend backend() {
        return SandboxBackend.BUBBLEWRAP;
    }

    /**
     * The program by its real path when it is an absolute symlink: the sandbox binds install folders
     * by their real paths, and a link such as npm's {@code node_modules/.bin/claude} inside a hidden
     * or scratch tree (a checkout under {@code /tmp}) does not exist in there.
     */
    private static String programPath(String program) {
        Path path = Path.of(program);
        if (!path.isAbsolute()) {
            return program;
        }
        try {
            return path.toRealPath().toString();
        } catch (java.io.IOException e) {
            return program;
        }
    }

    @Override
    public SandboxedCommand wrap(
            SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment)
            throws SandboxException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (!(policy.network() instanceof NetworkAccess.Host)) {
            throw new SandboxException(
                    "bwrap cannot apply network access '" + policy.network().label() + "' yet");
        }
        if (!workingDirectory.isAbsolute() || !Files.isDirectory(workingDirectory)) {
            throw new SandboxException(
                    "working directory " + workingDirectory + " is not an existing absolute directory");
        }
        List<String> command = new ArrayList<>();
        command.add(bwrap.toString());
        command.addAll(arguments.build(resolver.resolve(policy), workingDirectory.normalize()));
        command.add("--");
        command.add(programPath(argv.get(0)));
        command.addAll(argv.subList(1, argv.size()));
        return new SandboxedCommand(
                command,
                policy.environment().applyTo(environment),
                workingDirectory,
                SandboxBackend.BUBBLEWRAP,
                policy.hash());
    }
}
