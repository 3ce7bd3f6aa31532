package uk.org.phobos.agency.sandbox.detect;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import uk.org.phobos.agency.sandbox.bwrap.BubblewrapLauncher;
import uk.org.phobos.agency.sandbox.seatbelt.SeatbeltLauncher;

/**
 * Picks the sandbox backend for an operating system: bubblewrap on Linux, sandbox-exec on macOS,
 * none elsewhere. The binary is looked up on the {@code PATH} of the environment the sandboxed
 * commands will get, so a caller (or a test) decides what is found.
 */
public final class SandboxDetector {
    private final String osName;

    /** @param osName an {@code os.name} value such as {@code Linux} or {@code Mac OS X} */
    public SandboxDetector(String osName) {
        this.osName = Objects.requireNonNull(osName, "osName");
    }

    /** For the operating system this JVM runs on. */
    public static SandboxDetector forThisMachine() {
        return new SandboxDetector(System.getProperty("os.name", ""));
    }

    public Detection detect(Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        String path = Objects.requireNonNullElse(environment.get("PATH"), "");
        SearchPath searchPath = new SearchPath(path);
        if (os.startsWith("linux")) {
            Optional<Detection> found = searchPath
                    .find("bwrap")
                    .map(bwrap -> Detection.found(new BubblewrapLauncher(bwrap), "bwrap found at " + bwrap));
            return found.orElseGet(() -> Detection.none("bwrap not found on PATH (" + path
                    + "): install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap)"));
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            Optional<Detection> found = searchPath
                    .find("sandbox-exec")
                    .map(exec -> Detection.found(new SeatbeltLauncher(exec), "sandbox-exec found at " + exec));
            return found.orElseGet(() -> Detection.none("sandbox-exec not found on PATH (" + path + ")"));
        }
        return Detection.none("no sandbox backend for " + osName + " (bubblewrap on Linux, sandbox-exec on macOS)");
    }
}
