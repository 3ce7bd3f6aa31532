package uk.org.phobos.agency.agent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the agent's own files (its config file, its preprompt file) out of every path a sandboxed
 * task may write: a task that could edit them would choose the policy, or the instructions, of the
 * tasks after it.
 */
public final class WritablePathGuard {
    private final List<Path> writable;

    /** @param writable the read-write paths of the task sandbox (the session root stands for every session) */
    public WritablePathGuard(List<Path> writable) {
        this.writable = writable.stream().map(WritablePathGuard::real).toList();
    }

    /**
     * @param what what the file is, for the message (e.g. {@code "the config file"})
     * @throws IllegalArgumentException when {@code file} lies inside a writable path
     */
    public void requireOutside(String what, Optional<Path> file) {
        if (file.isEmpty()) {
            return;
        }
        Path real = real(file.get());
        for (Path dir : writable) {
            if (real.startsWith(dir)) {
                throw new IllegalArgumentException(what + " " + file.get() + " lies inside " + dir
                        + ", which sandboxed tasks may write: a task could rewrite it for the tasks after it."
                        + " Move it elsewhere.");
            }
        }
    }

    /** The path with every symbolic link resolved, as far as it exists. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
