package uk.org.phobos.agency.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxPolicyTest {

    private static SandboxPolicy.Builder base() {
        return SandboxPolicy.builder()
                .readOnly(Path.of("/"))
                .readWrite(Path.of("/srv/sessions/s1"), Path.of("/home/u/.claude"))
                .scratch(Path.of("/tmp"))
                .hidden(Path.of("/home/u/.agency"), Path.of("/home/u/.ssh"))
                .setEnv("IS_SANDBOX", "1")
                .unsetEnv("AGENCY_TOKEN");
    }

    @Test
    void theCanonicalFormListsEveryRuleInAFixedOrder() {
        assertThat(base().build().canonicalForm()).isEqualTo("""
                        agency-sandbox-policy 1
                        read-only /
                        hidden /home/u/.agency
                        read-write /home/u/.claude
                        hidden /home/u/.ssh
                        read-write /srv/sessions/s1
                        scratch /tmp
                        network host
                        env-set IS_SANDBOX=1
                        env-unset AGENCY_TOKEN
                        """);
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalFormAndDoesNotDependOnBuildOrder() {
        SandboxPolicy policy = base().build();
        SandboxPolicy shuffled = SandboxPolicy.builder()
                .unsetEnv("AGENCY_TOKEN")
                .hidden(Path.of("/home/u/.ssh"))
                .scratch(Path.of("/tmp"))
                .readWrite(Path.of("/home/u/.claude"))
                .setEnv("IS_SANDBOX", "1")
                .hidden(Path.of("/home/u/.agency"), Path.of("/home/u/.ssh"))
                .readWrite(Path.of("/srv/sessions/s1"))
                .readOnly(Path.of("/"))
                .build();

        assertThat(shuffled).isEqualTo(policy);
        assertThat(shuffled.hash()).isEqualTo(policy.hash());
        // Pinned: a change here changes every recorded task's policy hash; bump the format version.
        assertThat(policy.hash()).isEqualTo("e898a7b679121d00f2ccc93664712c539585da74a92baa60cf47b1204d1f66a7");
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                change("another read-only path", b -> b.readOnly(Path.of("/opt/tool"))),
                change("another read-write path", b -> b.readWrite(Path.of("/srv/shared"))),
                change("another scratch path", b -> b.scratch(Path.of("/var/tmp"))),
                change("another hidden path", b -> b.hidden(Path.of("/home/u/.aws"))),
                change("another variable", b -> b.setEnv("LANG", "C")),
                change("another value", b -> b.setEnv("IS_SANDBOX", "yes")),
                change("another removal", b -> b.unsetEnv("AG_WEB_PASSWORD")));
    }

    private static Arguments change(String name, UnaryOperator<SandboxPolicy.Builder> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void theHashChangesWithThePolicy(String name, UnaryOperator<SandboxPolicy.Builder> change) {
        assertThat(change.apply(base()).build().hash())
                .isNotEqualTo(base().build().hash());
    }

    @Test
    void theSamePathUnderAnotherAccessChangesTheHash() {
        SandboxPolicy readOnly =
                SandboxPolicy.builder().readOnly(Path.of("/data")).build();
        SandboxPolicy readWrite =
                SandboxPolicy.builder().readWrite(Path.of("/data")).build();

        assertThat(readOnly.hash()).isNotEqualTo(readWrite.hash());
    }

    @Test
    void aValueCannotForgeALineOfTheCanonicalForm() {
        SandboxPolicy forged =
                SandboxPolicy.builder().setEnv("X", "1\nhidden /etc").build();

        assertThat(forged.canonicalForm())
                .contains("env-set X=1\\nhidden /etc\n")
                .doesNotContain("\nhidden /etc\n");
    }

    @Test
    void pathsAreNormalizedAndDeduplicated() {
        SandboxPolicy policy = SandboxPolicy.builder()
                .readOnly(Path.of("/usr/../opt/./tool"), Path.of("/opt/tool"))
                .build();

        assertThat(policy.readOnlyPaths()).containsExactly(Path.of("/opt/tool"));
    }

    @Test
    void aRelativePathIsRefused() {
        assertThatThrownBy(() ->
                        SandboxPolicy.builder().readWrite(Path.of("sessions")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read-write path must be absolute: sessions");
    }

    @Test
    void aPathInTwoListsIsRefused() {
        assertThatThrownBy(() -> SandboxPolicy.builder()
                        .readOnly(Path.of("/home/u/.ssh"))
                        .hidden(Path.of("/home/u/.ssh"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path /home/u/.ssh is both read-only and hidden");
    }

    @Test
    void aPathWithAControlCharacterIsRefused() {
        assertThatThrownBy(
                        () -> SandboxPolicy.builder().hidden(Path.of("/a\nb")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void aVariableBothSetAndRemovedIsRefused() {
        assertThatThrownBy(() ->
                        SandboxPolicy.builder().setEnv("A", "1").unsetEnv("A").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both set and removed");
    }

    @Test
    void theMostSpecificRuleDecidesAPathsAccess() {
        SandboxPolicy policy = base().build();

        assertThat(policy.accessAt(Path.of("/etc/passwd"))).hasValue(PathAccess.READ_ONLY);
        assertThat(policy.accessAt(Path.of("/home/u/.agency/token"))).hasValue(PathAccess.HIDDEN);
        assertThat(policy.accessAt(Path.of("/srv/sessions/s1/file"))).hasValue(PathAccess.READ_WRITE);
        assertThat(policy.accessAt(Path.of("/tmp/x"))).hasValue(PathAccess.SCRATCH);
        assertThat(SandboxPolicy.builder().build().accessAt(Path.of("/etc"))).isEmpty();
    }

    @Test
    void aSessionDirectoryInsideAHiddenTreeIsReadWrite() {
        SandboxPolicy policy = SandboxPolicy.builder()
                .hidden(Path.of("/root/.agency"))
                .readWrite(Path.of("/root/.agency/agent/sessions/s1"))
                .build();

        assertThat(policy.accessAt(Path.of("/root/.agency/agent/sessions/s1/out.txt")))
                .hasValue(PathAccess.READ_WRITE);
        assertThat(policy.accessAt(Path.of("/root/.agency/agent/sessions/s2"))).hasValue(PathAccess.HIDDEN);
    }

    @Test
    void toBuilderRebuildsAnEqualPolicy() {
        SandboxPolicy policy = base().build();

        assertThat(policy.toBuilder().build()).isEqualTo(policy);
    }

    @Test
    void theNetworkIsTheHostsByDefault() {
        assertThat(SandboxPolicy.builder().build().network()).isEqualTo(NetworkAccess.host());
        assertThat(NetworkAccess.host().label()).isEqualTo("host");
    }
}
