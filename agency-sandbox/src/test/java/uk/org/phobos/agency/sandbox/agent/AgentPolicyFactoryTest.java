package uk.org.phobos.agency.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.sandbox.NetworkAccess;
import uk.org.phobos.agency.sandbox.PathAccess;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxPolicy;

class AgentPolicyFactoryTest {
    @TempDir
    Path temp;

    private Path root;
    private Path agency;
    private Path home;
    private Path session;
    private Path binary;

    @BeforeEach
    void layout() throws IOException {
        root = temp.toRealPath();
        agency = root.resolve("agency");
        home = Files.createDirectories(root.resolve("home"));
        session = Files.createDirectories(agency.resolve("agent/sessions/s1"));
        Path packageBin = Files.createDirectories(root.resolve("cli/node_modules/claude-code/bin"));
        Path real = Files.writeString(packageBin.resolve("claude.exe"), "");
        Path links = Files.createDirectories(root.resolve("cli/node_modules/.bin"));
        binary = Files.createSymbolicLink(links.resolve("claude"), real);
    }

    private AgentSandboxSettings settings(Map<String, String> env) {
        return AgentSandboxSettings.fromEnvironment(env, agency, binary);
    }

    @Test
    void theDefaultPolicyForASession() throws SandboxException {
        SandboxPolicy policy = new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        assertThat(policy.readOnlyPaths())
                .containsExactlyInAnyOrder(Path.of("/"), binary, root.resolve("cli/node_modules/claude-code"));
        Path sessionConfig = agency.resolve("agent/sessions/.cli-config/s1");
        assertThat(policy.readWritePaths()).containsExactlyInAnyOrder(session, sessionConfig);
        assertThat(policy.scratchPaths()).containsExactly(Path.of("/tmp"));
        assertThat(policy.hiddenPaths())
                .containsExactlyInAnyOrder(
                        agency,
                        home.resolve(".ssh"),
                        home.resolve(".aws"),
                        home.resolve(".config/gcloud"),
                        home.resolve(".azure"),
                        home.resolve(".kube"),
                        home.resolve(".docker"),
                        home.resolve(".gnupg"),
                        home.resolve(".netrc"),
                        home.resolve(".git-credentials"),
                        home.resolve(".config/gh"));
        assertThat(policy.network()).isEqualTo(NetworkAccess.host());
        assertThat(policy.environment().set())
                .containsExactlyEntriesOf(
                        new TreeMap<>(Map.of("CLAUDE_CONFIG_DIR", sessionConfig.toString(), "IS_SANDBOX", "1")));
        assertThat(policy.environment().unset()).containsExactly("AGENCY_TOKEN", "AG_WEB_PASSWORD");
    }

    @Test
    void theSessionInsideAgencyRootIsReadWriteWhileTheRestOfItIsHidden() throws SandboxException {
        SandboxPolicy policy = new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        assertThat(policy.accessAt(session.resolve("work.txt"))).hasValue(PathAccess.READ_WRITE);
        assertThat(policy.accessAt(agency.resolve("token"))).hasValue(PathAccess.HIDDEN);
        assertThat(policy.accessAt(agency.resolve("agent/sessions/other"))).hasValue(PathAccess.HIDDEN);
        assertThat(policy.accessAt(Path.of("/etc/passwd"))).hasValue(PathAccess.READ_ONLY);
    }

    @Test
    void theSessionsConfigFolderIsCreatedSoThatTheCliCanWriteIt() throws SandboxException {
        new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        assertThat(agency.resolve("agent/sessions/.cli-config/s1")).isDirectory();
        assertThat(AgentPolicyFactory.sessionConfigDir(session))
                .isEqualTo(agency.resolve("agent/sessions/.cli-config/s1"));
    }

    @Test
    void theUsersOwnConfigFolderIsReadOnlySoNoTaskCanPlantHooksOrServersThatRunOutsideTheSandbox() throws Exception {
        Path userConfig = Files.createDirectories(home.resolve(".claude"));
        SandboxPolicy policy = new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        for (String file : List.of("settings.json", ".claude.json", "commands/x.md", "projects/other/t.jsonl")) {
            // READ_ONLY on a real machine; SCRATCH here, where the test's HOME lies under /tmp (a private tmpfs
            // inside the sandbox): either way no write reaches the user's file.
            assertThat(policy.accessAt(userConfig.resolve(file)))
                    .as(file)
                    .hasValueSatisfying(access -> assertThat(access).isIn(PathAccess.READ_ONLY, PathAccess.SCRATCH));
        }
        assertThat(policy.accessAt(AgentPolicyFactory.sessionConfigDir(session).resolve("projects/p/t.jsonl")))
                .hasValue(PathAccess.READ_WRITE);
        assertThat(policy.accessAt(AgentPolicyFactory.sessionConfigDir(agency.resolve("agent/sessions/s2"))))
                .as("another session's config folder")
                .hasValue(PathAccess.HIDDEN);
    }

    @Test
    void theUsersLoginIsLinkedIntoTheSessionsConfigFolderWhenThereIsOne() throws Exception {
        Path login = Files.writeString(
                Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json"), "{}");
        Path link = AgentPolicyFactory.sessionConfigDir(session).resolve(".credentials.json");

        new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);
        new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(login);
    }

    @Test
    void noLoginLinkWithoutALogin() throws Exception {
        new AgentPolicyFactory(settings(Map.of("HOME", home.toString()))).forSession(session);

        assertThat(AgentPolicyFactory.sessionConfigDir(session).resolve(".credentials.json"))
                .doesNotExist();
    }

    @Test
    void aConfiguredConfigFolderStaysReadOnlyAndTempFoldersAreUsed() throws SandboxException {
        Path config = root.resolve("claude-config");
        Map<String, String> env = Map.of(
                "HOME", home.toString(),
                "CLAUDE_CONFIG_DIR", config.toString(),
                "TMPDIR", "/var/tmp",
                "CLAUDE_CODE_TMPDIR", home.resolve("tmp").toString());

        SandboxPolicy policy = new AgentPolicyFactory(settings(env)).forSession(session);

        assertThat(policy.readWritePaths()).doesNotContain(config, home.resolve(".claude"));
        assertThat(policy.environment().set())
                .containsEntry(
                        "CLAUDE_CONFIG_DIR",
                        AgentPolicyFactory.sessionConfigDir(session).toString());
        assertThat(policy.scratchPaths())
                .containsExactlyInAnyOrder(Path.of("/tmp"), Path.of("/var/tmp"), home.resolve("tmp"));
    }

    @Test
    void extraPathsFromConfigAreAdded() throws SandboxException {
        Path shared = root.resolve("shared");
        Path reference = root.resolve("reference");
        Path vault = home.resolve("vault");
        AgentSandboxSettings settings = settings(Map.of("HOME", home.toString()))
                .withExtras(List.of(reference), List.of(shared), List.of(vault));

        SandboxPolicy policy = new AgentPolicyFactory(settings).forSession(session);

        assertThat(policy.readOnlyPaths()).contains(reference);
        assertThat(policy.readWritePaths()).contains(shared);
        assertThat(policy.hiddenPaths()).contains(vault);
    }

    @Test
    void anExtraPathCannotUnhideADefaultSecret() {
        AgentSandboxSettings settings = settings(Map.of("HOME", home.toString()))
                .withExtras(List.of(home.resolve(".ssh")), List.of(), List.of());

        assertThatThrownBy(() -> new AgentPolicyFactory(settings).forSession(session))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".ssh is both read-only and hidden");
    }

    @Test
    void homeIsRequired() {
        assertThatThrownBy(() -> settings(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOME");
    }

    @Test
    void anInstallOutsideABinFolderKeepsItsOwnFolder() throws IOException {
        Path versions = Files.createDirectories(root.resolve("share/claude/versions"));
        Path nativeBinary = Files.writeString(versions.resolve("2.1.332"), "");

        assertThat(AgentSandboxSettings.installPaths(nativeBinary)).containsExactly(nativeBinary, versions);
    }
}
