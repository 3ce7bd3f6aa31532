package uk.org.phobos.agency.sandbox.bwrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxedCommand;

class BubblewrapLauncherTest {
    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    @TempDir
    Path temp;

    private Path root;
    private Path agency;
    private Path session;
    private Path home;
    private final BubblewrapLauncher launcher = new BubblewrapLauncher(BWRAP);

    @BeforeEach
    void layout() throws IOException {
        root = temp.toRealPath();
        agency = Files.createDirectories(root.resolve("agency"));
        Files.writeString(agency.resolve("token"), "secret");
        session = Files.createDirectories(agency.resolve("agent/sessions/s1"));
        home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(home.resolve(".claude"));
        Files.writeString(home.resolve(".netrc"), "machine example.org password x");
    }

    private SandboxPolicy policy() {
        return SandboxPolicy.builder()
                .readOnly(Path.of("/"))
                .readWrite(session, home.resolve(".claude"))
                .scratch(Path.of("/tmp"))
                .hidden(agency, home.resolve(".ssh"), home.resolve(".netrc"), home.resolve(".aws"))
                .setEnv("IS_SANDBOX", "1")
                .unsetEnv("AGENCY_TOKEN")
                .build();
    }

    @Test
    void theArgvMountsFromTheShallowestPathToTheDeepestAndMakesHiddenDirectoriesReadOnlyLast() throws SandboxException {
        SandboxedCommand command = launcher.wrap(policy(), List.of("claude", "--version"), session, Map.of());

        List<String> expected = new ArrayList<>(List.of(
                BWRAP.toString(),
                "--unshare-user",
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--die-with-parent",
                "--cap-drop",
                "ALL",
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--tmpfs",
                "/tmp"));
        // The temp folder lies under /tmp: its rules come after the tmpfs, deepest last.
        expected.addAll(List.of("--tmpfs", agency.toString()));
        expected.addAll(List.of(
                "--bind",
                home.resolve(".claude").toString(),
                home.resolve(".claude").toString()));
        expected.addAll(List.of("--ro-bind", "/dev/null", home.resolve(".netrc").toString()));
        expected.addAll(List.of("--tmpfs", home.resolve(".ssh").toString()));
        expected.addAll(List.of("--bind", session.toString(), session.toString()));
        expected.addAll(List.of(
                "--remount-ro",
                agency.toString(),
                "--remount-ro",
                home.resolve(".ssh").toString()));
        expected.addAll(List.of("--chdir", session.toString(), "--", "claude", "--version"));
        assertThat(command.argv()).containsExactlyElementsOf(expected);
        assertThat(command.workingDirectory()).isEqualTo(session);
        assertThat(command.backend()).isEqualTo(SandboxBackend.BUBBLEWRAP);
        assertThat(command.policyHash()).isEqualTo(policy().hash());
    }

    @Test
    void theNetworkIsNotUnsharedAndNoNewSessionIsStarted() throws SandboxException {
        SandboxedCommand command = launcher.wrap(policy(), List.of("true"), session, Map.of());

        assertThat(command.argv()).doesNotContain("--unshare-net", "--unshare-all", "--new-session");
    }

    @Test
    void theEnvironmentTravelsAsTheProcessEnvironmentNeverInTheArgv() throws SandboxException {
        Map<String, String> outside =
                Map.of("PATH", "/usr/bin:/bin", "ANTHROPIC_API_KEY", "sk-very-secret", "AGENCY_TOKEN", "fleet-secret");

        SandboxedCommand command = launcher.wrap(policy(), List.of("true"), session, outside);

        assertThat(command.environment())
                .containsEntry("IS_SANDBOX", "1")
                .containsEntry("ANTHROPIC_API_KEY", "sk-very-secret")
                .doesNotContainKey("AGENCY_TOKEN");
        assertThat(String.join(" ", command.argv()))
                .doesNotContain("sk-very-secret", "fleet-secret", "IS_SANDBOX", "--setenv", "--clearenv");
    }

    @Test
    void aMissingHiddenPathIsSkipped() throws SandboxException {
        SandboxedCommand command = launcher.wrap(policy(), List.of("true"), session, Map.of());

        assertThat(command.argv()).doesNotContain(home.resolve(".aws").toString());
    }

    @Test
    void aMissingReadWritePathFailsTheWrap() {
        SandboxPolicy policy =
                policy().toBuilder().readWrite(root.resolve("gone")).build();

        assertThatThrownBy(() -> launcher.wrap(policy, List.of("true"), session, Map.of()))
                .isInstanceOf(SandboxException.class)
                .hasMessage("read-write path " + root.resolve("gone") + " does not exist");
    }

    @Test
    void aMissingReadOnlyPathIsSkipped() throws SandboxException {
        SandboxPolicy policy =
                SandboxPolicy.builder().readOnly(root.resolve("gone")).build();

        assertThat(launcher.wrap(policy, List.of("true"), session, Map.of()).argv())
                .doesNotContain(root.resolve("gone").toString());
    }

    @Test
    void withoutRulesBelowTheRootDevAndProcComeAfterTheRootMount() throws SandboxException {
        SandboxPolicy policy = SandboxPolicy.builder().readOnly(Path.of("/")).build();

        assertThat(launcher.wrap(policy, List.of("true"), session, Map.of()).argv())
                .containsSubsequence("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--chdir");
    }

    @Test
    void aMissingWorkingDirectoryFailsTheWrap() {
        assertThatThrownBy(() -> launcher.wrap(policy(), List.of("true"), root.resolve("nowhere"), Map.of()))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("working directory");
    }
}
