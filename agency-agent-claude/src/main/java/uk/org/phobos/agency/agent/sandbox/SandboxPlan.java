package uk.org.phobos.agency.agent.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import uk.org.phobos.agency.agent.claude.EndReason;
import uk.org.phobos.agency.agent.claude.RunExit;
import uk.org.phobos.agency.agent.claude.RunSpec;
import uk.org.phobos.agency.agent.claude.RunTranscript;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxLauncher;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxedCommand;

/** How one task's CLI runs are started: inside a sandbox, without one, or not at all. */
public sealed interface SandboxPlan {

    /** What the task record shows about its sandbox. */
    TaskSandbox record();

    /**
     * The run to start in place of {@code plain}, the CLI's own command line.
     *
     * @throws SandboxException when the policy cannot be applied now; the run must not start
     */
    RunSpec apply(RunSpec plain) throws SandboxException;

    /** Why a run that ended so never got as far as the CLI, when the sandbox is to blame. */
    default Optional<String> startFailure(RunExit exit, RunTranscript transcript) {
        return Optional.empty();
    }

    /** Inside the sandbox made from {@code policy}. */
    record Sandboxed(SandboxLauncher launcher, SandboxPolicy policy, String policyHash) implements SandboxPlan {
        public Sandboxed(SandboxLauncher launcher, SandboxPolicy policy) {
            this(launcher, policy, policy.hash());
        }

        @Override
        public TaskSandbox record() {
            return new TaskSandbox(true, launcher.backend().label(), policyHash, null);
        }

        @Override
        public RunSpec apply(RunSpec plain) throws SandboxException {
            SandboxedCommand command =
                    launcher.wrap(policy, plain.command(), plain.workingDirectory(), plain.environment());
            return new RunSpec(command.argv(), command.workingDirectory(), command.environment(), plain.stallTimeout());
        }

        /** bwrap prints {@code bwrap: <what>} and exits 1 when it cannot build the sandbox. */
        @Override
        public Optional<String> startFailure(RunExit exit, RunTranscript transcript) {
            boolean silent = transcript.init().isEmpty()
                    && transcript.result().isEmpty()
                    && transcript.steps().isEmpty();
            boolean failedByItself = exit.endedBy() == EndReason.EXITED && exit.exitCode() != 0;
            String stderr = Objects.requireNonNullElse(exit.stderrTail(), "").strip();
            if (failedByItself && silent && stderr.startsWith(launcher.backend().label() + ":")) {
                return Optional.of("the sandbox did not start: " + stderr);
            }
            return Optional.empty();
        }
    }

    /** Without a sandbox, with {@code addedEnvironment} on top of the CLI's own. */
    record Unsandboxed(TaskSandbox record, Map<String, String> addedEnvironment) implements SandboxPlan {
        public Unsandboxed {
            addedEnvironment = Map.copyOf(addedEnvironment);
        }

        @Override
        public RunSpec apply(RunSpec plain) {
            Map<String, String> environment = new HashMap<>(plain.environment());
            environment.putAll(addedEnvironment);
            return new RunSpec(plain.command(), plain.workingDirectory(), environment, plain.stallTimeout());
        }
    }

    /** Not at all: the task fails with {@code sandbox_error} and {@code message}, starting nothing. */
    record Refused(TaskSandbox record, String message) implements SandboxPlan {
        @Override
        public RunSpec apply(RunSpec plain) throws SandboxException {
            throw new SandboxException(message);
        }
    }
}
