package uk.org.phobos.agency.sandbox.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the things the agent's sandbox must know about live on this machine.
 *
 * @param agencyRoot {@code AGENCY_ROOT}: hidden (fleet token, TLS keys, histories, other sessions)
 * @param home the {@code HOME} the CLI runs with; its credential folders are hidden
 * @param claudeConfigDir the CLI's config folder (transcripts, settings, its state file): read-write
 * @param cliInstallPaths the CLI's binary and install folder: read-only
 * @param tempDirs temp folders the CLI is told to use ({@code TMPDIR}, {@code CLAUDE_CODE_TMPDIR}):
 *     private scratch space, like {@code /tmp}
 * @param extraReadOnly more read-only paths from the agent's {@code sandbox:} config
 * @param extraReadWrite more read-write paths from that config
 * @param extraHidden more hidden paths from that config
 */
public record AgentSandboxSettings(
        Path agencyRoot,
        Path home,
        Path claudeConfigDir,
        List<Path> cliInstallPaths,
        List<Path> tempDirs,
        List<Path> extraReadOnly,
        List<Path> extraReadWrite,
        List<Path> extraHidden) {

    public AgentSandboxSettings {
        agencyRoot = absolute("agencyRoot", agencyRoot);
        home = absolute("home", home);
        claudeConfigDir = absolute("claudeConfigDir", claudeConfigDir);
        cliInstallPaths = List.copyOf(cliInstallPaths);
        tempDirs = List.copyOf(tempDirs);
        extraReadOnly = List.copyOf(extraReadOnly);
        extraReadWrite = List.copyOf(extraReadWrite);
        extraHidden = List.copyOf(extraHidden);
    }

    /**
     * Settings read from the environment the CLI will get: {@code HOME} (required),
     * {@code CLAUDE_CONFIG_DIR} (default {@code $HOME/.claude}), {@code TMPDIR} and
     * {@code CLAUDE_CODE_TMPDIR}; the install paths come from the CLI's binary (absolute, as the agent
     * resolved it); no extra paths.
     */
    public static AgentSandboxSettings fromEnvironment(
            Map<String, String> environment, Path agencyRoot, Path claudeBinary) {
        String homeValue = environment.get("HOME");
        if (homeValue == null || homeValue.isBlank()) {
            throw new IllegalArgumentException("HOME is not set in the CLI's environment");
        }
        Path home = Path.of(homeValue);
        String configured = environment.get("CLAUDE_CONFIG_DIR");
        Path configDir = configured == null || configured.isBlank() ? home.resolve(".claude") : Path.of(configured);
        List<Path> tempDirs = new ArrayList<>();
        for (String name : List.of("TMPDIR", "CLAUDE_CODE_TMPDIR")) {
            String value = environment.get(name);
            if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
                tempDirs.add(Path.of(value));
            }
        }
        return new AgentSandboxSettings(
                agencyRoot, home, configDir, installPaths(claudeBinary), tempDirs, List.of(), List.of(), List.of());
    }

    /** These settings plus extra paths from the agent's config. */
    public AgentSandboxSettings withExtras(List<Path> readOnly, List<Path> readWrite, List<Path> hidden) {
        return new AgentSandboxSettings(
                agencyRoot, home, claudeConfigDir, cliInstallPaths, tempDirs, readOnly, readWrite, hidden);
    }

    /**
     * The binary itself and the folder its real file sits in, or that folder's parent when it is a
     * {@code bin} folder (an npm package: {@code .../claude-code/bin/claude.exe}), so the files the
     * CLI ships beside its binary stay readable even if the install lies inside a hidden tree.
     */
    static List<Path> installPaths(Path binary) {
        Path absolute = absolute("claudeBinary", binary);
        List<Path> paths = new ArrayList<>(List.of(absolute));
        try {
            Path real = absolute.toRealPath();
            Path dir = real.getParent();
            if (dir != null) {
                boolean binDir = dir.getFileName() != null
                        && dir.getFileName().toString().equals("bin")
                        && dir.getParent() != null;
                paths.add(binDir ? dir.getParent() : dir);
            }
        } catch (IOException e) {
            // Not installed (yet): the binary's own path is all we know; the probe will tell.
        }
        return List.copyOf(paths);
    }

    private static Path absolute(String what, Path path) {
        Objects.requireNonNull(path, what);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + path);
        }
        return path.normalize();
    }
}
