package uk.org.phobos.agency.agent.claude;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the program a command names the way the child's exec would, against the child's PATH
 * and working directory, so that a missing CLI fails the start with a clear message instead of
 * a run that prints nothing.
 */
public final class ExecutableLookup {

    /** The absolute path {@code program} names, as exec would find it; {@link IOException} when none. */
    public Path resolve(String program, Map<String, String> environment, Path workingDirectory) throws IOException {
        if (program.indexOf('/') >= 0) {
            Path path = workingDirectory.resolve(program);
            if (isExecutableFile(path)) {
                return path.toAbsolutePath();
            }
            throw new IOException(program + " is not an executable file");
        }
        String searchPath = environment.getOrDefault("PATH", "");
        for (String dir : searchPath.split(File.pathSeparator, -1)) {
            Path candidate = (dir.isEmpty() ? workingDirectory : workingDirectory.resolve(dir)).resolve(program);
            if (isExecutableFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IOException(program + " was not found on the PATH given to it (" + searchPath + ")");
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
