package uk.org.phobos.agency.sandbox.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.sandbox.SandboxPolicy;

class ProbePlannerTest {
    @TempDir
    Path temp;

    private Path root;
    private Path agency;
    private Path home;
    private Path session;

    @BeforeEach
    void layout() throws IOException {
        root = temp.toRealPath();
        home = Files.createDirectories(root.resolve("home"));
        agency = Files.createDirectories(home.resolve(".agency"));
        Files.writeString(agency.resolve("token"), "secret");
        session = Files.createDirectories(agency.resolve("agent/sessions/probe"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "key");
        Files.writeString(home.resolve(".netrc"), "machine x");
        Files.writeString(home.resolve(".git-credentials"), "");
    }

    /** No scratch /tmp here: the temp folder lies under /tmp, which would make all of it writable. */
    private SandboxPolicy policy() {
        return SandboxPolicy.builder()
                .readOnly(Path.of("/"))
                .readWrite(session)
                .hidden(agency, home.resolve(".ssh"), home.resolve(".netrc"), home.resolve(".git-credentials"))
                .hidden(home.resolve(".aws"))
                .build();
    }

    @Test
    void forbiddenWritesGoIntoTheNearestClosedDirectoryAndTheNearestReadOnlyOne() throws ProbeFailure {
        ProbePlan plan = new ProbePlanner().plan(policy(), session);

        assertThat(plan.forbiddenFiles()).hasSize(2);
        assertThat(plan.forbiddenFiles().get(0).getParent()).isEqualTo(agency.resolve("agent/sessions"));
        assertThat(plan.forbiddenFiles().get(1).getParent()).isEqualTo(home);
        assertThat(plan.allowedFile().getParent()).isEqualTo(session);
        assertThat(plan.allowedFile().getFileName().toString()).startsWith(".agency-sandbox-probe-");
    }

    @Test
    void hiddenChecksSkipMissingPathsEmptyFilesAndEntriesLeadingToVisiblePaths() throws ProbeFailure {
        ProbePlan plan = new ProbePlanner().plan(policy(), session);

        assertThat(plan.hiddenChecks())
                .containsExactlyInAnyOrder(
                        // "agent" leads to the session directory, which is visible by design.
                        new HiddenCheck(agency.resolve("token"), HiddenCheck.Kind.ABSENT),
                        new HiddenCheck(home.resolve(".ssh/id_ed25519"), HiddenCheck.Kind.ABSENT),
                        new HiddenCheck(home.resolve(".netrc"), HiddenCheck.Kind.UNREADABLE));
    }

    @Test
    void aPolicyThatLetsTheSandboxWriteEverywhereCannotBeProbed() {
        SandboxPolicy everywhere =
                SandboxPolicy.builder().readWrite(Path.of("/")).build();

        assertThatThrownBy(() -> new ProbePlanner().plan(everywhere, session))
                .isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("lets it write everywhere");
    }

    @Test
    void theScriptGetsPathsAsArgumentsNotInItsText() throws ProbeFailure {
        ProbePlan plan = new ProbePlanner().plan(policy(), session);

        List<String> argv = new ProbeScript().command(plan);

        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(argv.get(2)).doesNotContain(root.toString());
        assertThat(argv.subList(3, argv.size()))
                .startsWith("agency-sandbox-probe", plan.allowedFile().toString(), "2")
                .contains("e:" + agency.resolve("token"), "r:" + home.resolve(".netrc"));
    }
}
