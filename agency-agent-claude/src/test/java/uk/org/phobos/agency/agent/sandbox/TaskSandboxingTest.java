package uk.org.phobos.agency.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.RunSpec;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.SandboxStatus;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.agent.AgentSandboxSettings;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;

/** The mode decisions without a sandbox backend: refused, unsandboxed and said so, IS_SANDBOX only as root. */
class TaskSandboxingTest {
    @TempDir
    Path dir;

    private final Detection noBackend = Detection.none("bwrap not found on PATH (/nowhere)");

    @Test
    void beforeTheProbeStatusSaysStartingAndTasksAreRefused() throws Exception {
        TaskSandboxing sandboxing = sandboxing(SandboxMode.REQUIRED, false);

        assertThat(sandboxing.status().ready()).isFalse();
        assertThat(sandboxing.status().reason()).startsWith("not probed yet");
        assertThat(sandboxing.planFor(session())).isInstanceOf(SandboxPlan.Refused.class);
    }

    @Test
    void requiredRefusesWithTheProbesReasonAndStartsNothing() throws Exception {
        TaskSandboxing sandboxing = probed(SandboxMode.REQUIRED, true);

        SandboxPlan plan = sandboxing.planFor(session());

        assertThat(plan).isInstanceOf(SandboxPlan.Refused.class);
        assertThat(((SandboxPlan.Refused) plan).message())
                .contains("--sandbox required")
                .contains("bwrap not found");
        assertThat(plan.record())
                .isEqualTo(new TaskSandbox(
                        false,
                        "none",
                        null,
                        "refused (--sandbox required): the sandbox probe failed: bwrap not found on PATH (/nowhere)"));
        SandboxStatus status = sandboxing.status();
        assertThat(status.mode()).isEqualTo(SandboxMode.REQUIRED);
        assertThat(status.reason()).contains("refused with sandbox_error").doesNotContain("IS_SANDBOX");
        assertThatThrownBy(() -> plan.apply(spec())).isInstanceOf(SandboxException.class);
    }

    @Test
    void autoRunsUnsandboxedAndSaysSoInTheRecordAndTheStatus() throws Exception {
        TaskSandboxing sandboxing = probed(SandboxMode.AUTO, false);

        SandboxPlan plan = sandboxing.planFor(session());

        assertThat(plan).isInstanceOf(SandboxPlan.Unsandboxed.class);
        assertThat(plan.record().sandboxed()).isFalse();
        assertThat(plan.record().backend()).isEqualTo("none");
        assertThat(plan.record().reason())
                .startsWith("ran UNSANDBOXED (--sandbox auto)")
                .contains("bwrap not found")
                .doesNotContain("root");
        assertThat(plan.apply(spec()).environment()).doesNotContainKey("IS_SANDBOX");
        assertThat(sandboxing.status().reason()).contains("tasks run UNSANDBOXED");
    }

    @Test
    void asRootAnUnsandboxedRunGetsIsSandboxAndEverythingSaysWhy() throws Exception {
        TaskSandboxing sandboxing = probed(SandboxMode.AUTO, true);

        SandboxPlan plan = sandboxing.planFor(session());

        assertThat(plan.apply(spec()).environment()).containsEntry("IS_SANDBOX", "1");
        assertThat(plan.record().reason()).contains("runs as root").contains("IS_SANDBOX=1");
        assertThat(sandboxing.status().reason()).contains("runs as root");
    }

    @Test
    void offNeverProbesAndRunsUnsandboxed() throws Exception {
        TaskSandboxing sandboxing = sandboxing(SandboxMode.OFF, true);
        sandboxing.probe(dir.resolve("never-made"), Map.of());

        SandboxPlan plan = sandboxing.planFor(session());

        assertThat(dir.resolve("never-made")).doesNotExist();
        assertThat(plan.record().reason()).startsWith("sandbox off (--sandbox off)");
        assertThat(plan.apply(spec()).environment()).containsEntry("IS_SANDBOX", "1");
        assertThat(sandboxing.status().mode()).isEqualTo(SandboxMode.OFF);
        assertThat(sandboxing.status().reason()).contains("runs as root");
    }

    @Test
    void offNeedsNoPolicy() {
        TaskSandboxing sandboxing = new TaskSandboxing(SandboxMode.OFF, noBackend, null, new SandboxProbe(), false);

        assertThat(sandboxing.planFor(dir).record().sandboxed()).isFalse();
    }

    @Test
    void aBadExtraPathIsFoundAtStartUp() {
        AgentSandboxSettings settings = settings().withExtras(List.of(Path.of("relative/path")), List.of(), List.of());
        TaskSandboxing sandboxing = new TaskSandboxing(
                SandboxMode.REQUIRED, noBackend, new AgentPolicyFactory(settings), new SandboxProbe(), false);

        assertThatThrownBy(() -> sandboxing.validate(dir.resolve("probe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative/path");
    }

    private TaskSandboxing probed(SandboxMode mode, boolean root) {
        TaskSandboxing sandboxing = sandboxing(mode, root);
        Path probeDir = dir.resolve("sessions/.sandbox-probe");
        sandboxing.probe(probeDir, Map.of());
        assertThat(probeDir).doesNotExist();
        return sandboxing;
    }

    private TaskSandboxing sandboxing(SandboxMode mode, boolean root) {
        return new TaskSandboxing(mode, noBackend, new AgentPolicyFactory(settings()), new SandboxProbe(), root);
    }

    private AgentSandboxSettings settings() {
        return AgentSandboxSettings.fromEnvironment(
                Map.of("HOME", dir.resolve("home").toString()), dir.resolve("agency"), Path.of("/usr/bin/claude"));
    }

    private Path session() throws Exception {
        return Files.createDirectories(dir.resolve("sessions/s1"));
    }

    private RunSpec spec() {
        return new RunSpec(List.of("claude", "-p"), dir, Map.of("PATH", "/usr/bin"), Duration.ofMinutes(1));
    }
}
