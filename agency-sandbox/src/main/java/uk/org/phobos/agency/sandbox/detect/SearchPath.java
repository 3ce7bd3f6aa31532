package uk.org.phobos.agency.sandbox.detect;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@code PATH} value, searched the way a shell searches it for a command. */
record SearchPath(String value) {
    SearchPath {
        value = value == null ? "" : value;
    }

    /** The first executable file called {@code name} in an absolute directory of the path. */
    Optional<Path> find(String name) {
        for (String dir : value.split(File.pathSeparator, -1)) {
            // Relative entries (and the empty one, meaning ".") depend on the working directory: skip them.
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, name);
                if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // Not a path on this system: look further.
            }
        }
        return Optional.empty();
    }
}
