package uk.org.phobos.agency.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleResolverTest {
    @TempDir
    Path temp;

    private Path root;
    private final RuleResolver resolver = new RuleResolver();

    @BeforeEach
    void layout() throws IOException {
        root = temp.toRealPath();
        Files.createDirectories(root.resolve("agency/agent/sessions/s1"));
        Files.writeString(root.resolve("agency/token"), "secret");
        Files.createDirectories(root.resolve("home/.ssh"));
        Files.writeString(root.resolve("home/.netrc"), "machine x");
    }

    @Test
    void rulesGoFromTheShallowestPathToTheDeepest() throws SandboxException {
        SandboxPolicy policy = SandboxPolicy.builder()
                .readWrite(root.resolve("agency/agent/sessions/s1"))
                .hidden(root.resolve("agency"))
                .readOnly(root)
                .build();

        assertThat(resolver.resolve(policy))
                .extracting(ResolvedRule::hostPath, ResolvedRule::access)
                .containsExactly(
                        tuple(root, PathAccess.READ_ONLY),
                        tuple(root.resolve("agency"), PathAccess.HIDDEN),
                        tuple(root.resolve("agency/agent/sessions/s1"), PathAccess.READ_WRITE));
    }

    @Test
    void kindsAreReadFromTheHost() throws SandboxException {
        SandboxPolicy policy = SandboxPolicy.builder()
                .hidden(root.resolve("home/.ssh"), root.resolve("home/.netrc"), root.resolve("home/.aws"))
                .build();

        assertThat(resolver.resolve(policy))
                .extracting(ResolvedRule::hostPath, ResolvedRule::kind)
                .containsExactly(
                        tuple(root.resolve("home/.aws"), HostFileKind.MISSING),
                        tuple(root.resolve("home/.netrc"), HostFileKind.FILE),
                        tuple(root.resolve("home/.ssh"), HostFileKind.DIRECTORY));
    }

    @Test
    void aSymbolicLinkIsResolvedSoThatHidingItHidesItsTarget() throws IOException, SandboxException {
        Path secrets = Files.createDirectories(root.resolve("secrets/aws"));
        Path link = Files.createSymbolicLink(root.resolve("home/.aws"), secrets);

        List<ResolvedRule> rules =
                resolver.resolve(SandboxPolicy.builder().hidden(link).build());

        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.hostPath()).isEqualTo(secrets);
            assertThat(rule.rule().path()).isEqualTo(link);
            assertThat(rule.kind()).isEqualTo(HostFileKind.DIRECTORY);
        });
    }

    @Test
    void forTheSamePathTheMoreRestrictiveRuleGoesLast() throws IOException, SandboxException {
        Path data = Files.createDirectories(root.resolve("data"));
        Path alias = Files.createSymbolicLink(root.resolve("alias"), data);

        List<ResolvedRule> rules = resolver.resolve(
                SandboxPolicy.builder().hidden(alias).readWrite(data).build());

        assertThat(rules).extracting(ResolvedRule::access).containsExactly(PathAccess.READ_WRITE, PathAccess.HIDDEN);
    }

    @Test
    void aRuleRepeatingItsEnclosingRulesAccessIsDropped() throws SandboxException {
        SandboxPolicy policy = SandboxPolicy.builder()
                .readOnly(root, root.resolve("home"))
                .hidden(root.resolve("agency"), root.resolve("agency/token"))
                .readWrite(root.resolve("agency/agent"), root.resolve("agency/agent/sessions/s1"))
                .build();

        assertThat(resolver.resolve(policy))
                .extracting(ResolvedRule::hostPath)
                .containsExactly(root, root.resolve("agency"), root.resolve("agency/agent"));
    }

    @Test
    void aScratchDirectoryInsideAnotherIsKept() throws IOException, SandboxException {
        Path inner = Files.createDirectories(root.resolve("tmp/inner"));
        SandboxPolicy policy =
                SandboxPolicy.builder().scratch(root.resolve("tmp"), inner).build();

        assertThat(resolver.resolve(policy)).hasSize(2);
    }

    @Test
    void aReadOnlyPathInsideAWritableOneIsKept() throws IOException, SandboxException {
        Path hooks = Files.createDirectories(root.resolve("agency/agent/sessions/s1/.git/hooks"));
        SandboxPolicy policy = SandboxPolicy.builder()
                .readOnly(root)
                .readWrite(root.resolve("agency/agent/sessions/s1"))
                .readOnly(hooks)
                .build();

        assertThat(resolver.resolve(policy))
                .extracting(ResolvedRule::access)
                .containsExactly(PathAccess.READ_ONLY, PathAccess.READ_WRITE, PathAccess.READ_ONLY);
    }
}
