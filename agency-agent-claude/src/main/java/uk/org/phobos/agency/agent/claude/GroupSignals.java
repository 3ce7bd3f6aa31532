package uk.org.phobos.agency.agent.claude;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a signal to a whole process group with {@code kill -SIG -- -PGID}. The JDK cannot signal
 * a group, and listing the members to signal them one by one leaves a gap in which a member can
 * fork a child that is signalled by no one; kill(2) on a group has no such gap. Should the kill
 * program fail, the one-by-one signals that {@link ProcessReaper} sends as well are all there is.
 */
final class GroupSignals {
    private static final Logger log = LoggerFactory.getLogger(GroupSignals.class);
    private static final File DEV_NULL = new File("/dev/null");

    enum Signal {
        TERM,
        KILL
    }

    private final String killProgram;

    GroupSignals() {
        this.killProgram = locate("kill").map(Path::toString).orElse("kill");
    }

    void signal(long pgid, Signal signal) {
        try {
            Process kill = new ProcessBuilder(killProgram, "-" + signal.name(), "--", "-" + pgid)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // A non-zero exit only means the group emptied meanwhile; the caller checks /proc.
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            log.warn("Cannot run {} to signal process group {}", killProgram, pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Signals one process; a {@link ProcessHandle} does not signal a reused pid. */
    static void send(ProcessHandle process, Signal signal) {
        if (signal == Signal.KILL) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    /** The program in /usr/bin or /bin, else on the JVM's PATH. */
    static Optional<Path> locate(String program) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }
}
