package uk.org.phobos.agency.testkit.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCliTest {
    @TempDir
    Path repo;

    @Test
    void findsTheRepositoryRootAboveTheWorkingDirectory() throws Exception {
        Files.writeString(repo.resolve("mvnw"), "");
        Path module = Files.createDirectories(repo.resolve("agency-x/src"));

        assertThat(RepositoryRoot.findFrom(module)).hasValue(new RepositoryRoot(repo));
    }

    @Test
    void aMissingCliFailsTheTestSayingHowToInstallIt() throws Exception {
        pin("2.1.332");

        assertThatThrownBy(() -> ClaudeCli.locateIn(new RepositoryRoot(repo)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2.1.332")
                .hasMessageContaining("scripts/install-claude-cli.sh");
    }

    @Test
    void anotherInstalledVersionFailsTooNamingBoth() throws Exception {
        pin("'2.1.332'");
        install("2.0.1");

        assertThatThrownBy(() -> ClaudeCli.locateIn(new RepositoryRoot(repo)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2.0.1")
                .hasMessageContaining("2.1.332 is pinned")
                .hasMessageContaining("scripts/install-claude-cli.sh");
    }

    @Test
    void thePinnedVersionInstalledIsFound() throws Exception {
        pin("2.1.332");
        Path binary = install("2.1.332");

        assertThat(ClaudeCli.locateIn(new RepositoryRoot(repo))).isEqualTo(new ClaudeCli(binary, "2.1.332"));
    }

    @Test
    void theRepositoryPinsTheVersionTheInstallScriptInstalls() {
        RepositoryRoot root = RepositoryRoot.find().orElseThrow();

        assertThat(root.pinnedVersions()).containsKey(ClaudeCli.VERSION_KEY);
        assertThat(Files.isExecutable(root.path().resolve("scripts/install-claude-cli.sh")))
                .isTrue();
    }

    private void pin(String version) throws Exception {
        Files.createDirectories(repo.resolve("scripts"));
        Files.writeString(repo.resolve("scripts/versions.env"), "# pins\nCLAUDE_CODE_VERSION=" + version + "\n");
    }

    private Path install(String version) throws Exception {
        Path modules = repo.resolve(".tools/claude/node_modules");
        Path pkg = Files.createDirectories(modules.resolve("@anthropic-ai/claude-code"));
        Files.writeString(
                pkg.resolve("package.json"),
                "{\"name\":\"@anthropic-ai/claude-code\",\"version\":\"" + version + "\"}");
        Path binary = Files.createDirectories(modules.resolve(".bin")).resolve("claude");
        Files.writeString(binary, "#!/bin/sh\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        return binary;
    }
}
