package uk.org.phobos.agency.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.agent.claude.EndReason;
import uk.org.phobos.agency.agent.claude.RunExit;
import uk.org.phobos.agency.agent.claude.RunSpec;
import uk.org.phobos.agency.agent.claude.RunTranscript;
import uk.org.phobos.agency.agent.claude.StreamJsonParser;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxLauncher;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxedCommand;

/** What a sandboxed plan starts, what it records, and when a failed run is the sandbox's fault. */
class SandboxPlanTest {
    private static final Path SESSION = Path.of("/work/session");

    /** Wraps as "fake-sandbox -- argv" and adds SANDBOXED=yes. */
    private final SandboxLauncher launcher = new SandboxLauncher() {
        @Override
        public SandboxBackend backend() {
            return SandboxBackend.BUBBLEWRAP;
        }

        @Override
        public SandboxedCommand wrap(
                SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment) {
            List<String> wrapped = new ArrayList<>(List.of("/usr/bin/fake-sandbox", "--"));
            wrapped.addAll(argv);
            Map<String, String> env = new HashMap<>(environment);
            env.put("SANDBOXED", "yes");
            return new SandboxedCommand(wrapped, env, workingDirectory, backend(), policy.hash());
        }
    };

    private final SandboxPolicy policy =
            SandboxPolicy.builder().readOnly(Path.of("/")).readWrite(SESSION).build();

    @Test
    void aSandboxedRunStartsTheWrappedCommandWithItsEnvironment() throws Exception {
        SandboxPlan plan = new SandboxPlan.Sandboxed(launcher, policy);

        RunSpec run = plan.apply(new RunSpec(
                List.of("/opt/claude", "-p"), SESSION, Map.of("HOME", "/home/ann"), Duration.ofSeconds(30)));

        assertThat(run.command()).containsExactly("/usr/bin/fake-sandbox", "--", "/opt/claude", "-p");
        assertThat(run.environment()).containsEntry("SANDBOXED", "yes").containsEntry("HOME", "/home/ann");
        assertThat(run.workingDirectory()).isEqualTo(SESSION);
        assertThat(run.stallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan.record().sandboxed()).isTrue();
        assertThat(plan.record().backend()).isEqualTo("bwrap");
        assertThat(plan.record().policyHash()).isEqualTo(policy.hash());
    }

    @Test
    void bwrapComplainingBeforeTheCliPrintedAnythingIsTheSandboxsFailure() {
        SandboxPlan plan = new SandboxPlan.Sandboxed(launcher, policy);

        assertThat(plan.startFailure(
                        new RunExit(1, EndReason.EXITED, "bwrap: Can't mkdir /x: Read-only file system\n"),
                        new RunTranscript()))
                .hasValueSatisfying(message -> assertThat(message)
                        .isEqualTo("the sandbox did not start: bwrap: Can't mkdir /x: Read-only file system"));
    }

    @Test
    void aRunThatPrintedSomethingOrSaidNothingOfBwrapIsNot() {
        SandboxPlan plan = new SandboxPlan.Sandboxed(launcher, policy);
        RunTranscript started = new RunTranscript();
        started.acceptAll(new StreamJsonParser()
                .parse("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\",\"model\":\"m\"}"));

        assertThat(plan.startFailure(new RunExit(1, EndReason.EXITED, "bwrap: late complaint"), started))
                .isEmpty();
        assertThat(plan.startFailure(new RunExit(1, EndReason.EXITED, "Error: no API key"), new RunTranscript()))
                .isEmpty();
        assertThat(plan.startFailure(new RunExit(0, EndReason.EXITED, "bwrap: odd"), new RunTranscript()))
                .isEmpty();
    }

    @Test
    void anUnsandboxedRunOnlyAddsItsVariables() throws Exception {
        SandboxPlan plan =
                new SandboxPlan.Unsandboxed(new TaskSandbox(false, "none", null, "off"), Map.of("IS_SANDBOX", "1"));

        RunSpec run = plan.apply(new RunSpec(List.of("claude"), SESSION, Map.of("A", "b"), Duration.ofSeconds(30)));

        assertThat(run.command()).containsExactly("claude");
        assertThat(run.environment()).containsOnly(Map.entry("A", "b"), Map.entry("IS_SANDBOX", "1"));
        assertThat(plan.startFailure(new RunExit(1, EndReason.EXITED, "bwrap: x"), new RunTranscript()))
                .isEmpty();
    }
}
