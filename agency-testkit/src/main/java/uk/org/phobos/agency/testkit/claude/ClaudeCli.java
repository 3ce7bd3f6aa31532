package uk.org.phobos.agency.testkit.claude;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real Claude Code CLI for system tests: the binary named by the system property
 * {@value #BINARY_PROPERTY}, else the pinned version that {@code scripts/install-claude-cli.sh}
 * puts in {@code <repo>/.tools/claude}. A missing or wrong CLI fails the test, never skips it.
 */
public record ClaudeCli(Path binary, String version) {
    public static final String BINARY_PROPERTY = "agency.claude.bin";
    public static final String VERSION_KEY = "CLAUDE_CODE_VERSION";
    private static final String INSTALL_HINT =
            "run scripts/install-claude-cli.sh (or ./build.sh test, which runs it) from the repository root";

    /** Finds the CLI, or throws an {@link AssertionError} saying how to install it. */
    public static ClaudeCli locate() {
        String property = System.getProperty(BINARY_PROPERTY, "");
        if (!property.isBlank()) {
            Path binary = Path.of(property);
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("-D" + BINARY_PROPERTY + "=" + property + " is not an executable file");
            }
            return new ClaudeCli(binary, "unknown");
        }
        RepositoryRoot root = RepositoryRoot.find()
                .orElseThrow(() -> new AssertionError("Cannot find the repository root (a folder holding mvnw) above "
                        + Path.of("").toAbsolutePath() + " to look for the Claude Code CLI; set -D" + BINARY_PROPERTY));
        return locateIn(root);
    }

    static ClaudeCli locateIn(RepositoryRoot root) {
        String pinned = root.pinnedVersions().get(VERSION_KEY);
        if (pinned == null) {
            throw new AssertionError(
                    VERSION_KEY + " missing from " + root.path().resolve("scripts/versions.env"));
        }
        Path tools = root.path().resolve(".tools/claude/node_modules");
        Path binary = tools.resolve(".bin/claude");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(
                    "The Claude Code CLI " + pinned + " is not installed at " + binary + ": " + INSTALL_HINT);
        }
        Optional<String> installed = installedVersion(tools.resolve("@anthropic-ai/claude-code/package.json"));
        if (!installed.equals(Optional.of(pinned))) {
            throw new AssertionError("The Claude Code CLI at " + binary + " is version " + installed.orElse("unknown")
                    + " but " + pinned + " is pinned: " + INSTALL_HINT);
        }
        return new ClaudeCli(binary, pinned);
    }

    private static Optional<String> installedVersion(Path packageJson) {
        try {
            return Optional.ofNullable(new ObjectMapper()
                    .readTree(packageJson.toFile())
                    .path("version")
                    .textValue());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
