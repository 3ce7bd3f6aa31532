package uk.org.phobos.agency.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command line wrapped in a sandbox, ready for {@link ProcessBuilder}: run {@link #argv()} with
 * exactly {@link #environment()} (clear the builder's environment first) in
 * {@link #workingDirectory()}. Secrets travel in the environment, never in the argv, which any
 * local user can read in {@code /proc/PID/cmdline}.
 *
 * <p>{@link #backend()} and {@link #policyHash()} are what a task record shows about the sandbox it
 * ran in.
 */
public record SandboxedCommand(
        List<String> argv,
        Map<String, String> environment,
        Path workingDirectory,
        SandboxBackend backend,
        String policyHash) {

    public SandboxedCommand {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(policyHash, "policyHash");
    }

    /** A {@link ProcessBuilder} set up to run this command; the caller adds redirections. */
    public ProcessBuilder toProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }
}
