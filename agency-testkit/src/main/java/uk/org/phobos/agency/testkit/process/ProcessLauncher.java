package uk.org.phobos.agency.testkit.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a command for a test as the leader of its own process group ({@code setsid}), with
 * stdin closed and both outputs drained on their own threads. The {@link LaunchedProcess} it
 * returns kills the whole group on close, so use it in try-with-resources.
 */
public final class ProcessLauncher {
    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

    private final List<String> command;
    private final Map<String, String> environment = new HashMap<>(System.getenv());
    private Path directory;
    private LineListener listener = (channel, line) -> {};
    private Duration killGrace = DEFAULT_KILL_GRACE;

    private ProcessLauncher(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("Empty command");
        }
        this.command = List.copyOf(command);
    }

    public static ProcessLauncher command(String... command) {
        return new ProcessLauncher(List.of(command));
    }

    public static ProcessLauncher command(List<String> command) {
        return new ProcessLauncher(command);
    }

    /** The working directory; the test JVM's when not set. */
    public ProcessLauncher directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Adds or replaces one variable of the environment (the test JVM's unless replaced). */
    public ProcessLauncher env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ProcessLauncher removeEnv(String name) {
        environment.remove(name);
        return this;
    }

    /** Replaces the whole environment; nothing of the test JVM's is kept. */
    public ProcessLauncher environment(Map<String, String> complete) {
        environment.clear();
        environment.putAll(complete);
        return this;
    }

    public ProcessLauncher onLine(LineListener listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /** How long the group gets between SIGTERM and SIGKILL on close. */
    public ProcessLauncher killGrace(Duration grace) {
        this.killGrace = grace;
        return this;
    }

    public LaunchedProcess start() throws IOException {
        List<String> argv = new ArrayList<>(command.size() + 1);
        argv.add(setsid().toString());
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        // Closed, not just empty: a child that reads stdin gets end-of-file at once.
        process.getOutputStream().close();
        return new LaunchedProcess(process, command, listener, new ProcessGroupReaper(killGrace));
    }

    private static Path setsid() {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("setsid not found: install util-linux (Debian: apt-get install util-linux)");
    }
}
