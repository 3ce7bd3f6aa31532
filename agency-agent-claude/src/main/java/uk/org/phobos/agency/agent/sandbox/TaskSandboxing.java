package uk.org.phobos.agency.agent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.sandbox.ProbeResult;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxStatus;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;

/**
 * Decides how each task's CLI runs, from the {@code --sandbox} mode and the start-up probe:
 * sandboxed when the probe passed (and the mode is not {@code off}), refused in {@code required}
 * mode when it failed, unsandboxed otherwise, always saying which in the task record.
 *
 * <p>The CLI refuses {@code --dangerously-skip-permissions} as root unless {@code IS_SANDBOX=1}.
 * Inside the sandbox the policy sets it. Outside, it is set only where the user let tasks run
 * unsandboxed ({@code off}, or {@code auto} whose probe failed), with a warning in the log, in
 * {@code /status} and in every task record; {@code required} never runs a task outside.
 */
public final class TaskSandboxing {
    private static final Logger log = LoggerFactory.getLogger(TaskSandboxing.class);
    static final String IS_SANDBOX = "IS_SANDBOX";
    private static final String ROOT_NOTE =
            "; the agent runs as root, so IS_SANDBOX=1 is set for the CLI to skip its permission checks anyway";

    private final SandboxMode mode;
    private final Detection detection;
    private final AgentPolicyFactory policies;
    private final SandboxProbe probe;
    private final boolean root;
    private volatile ProbeResult probed;

    /** @param policies the tasks' policies; may be null in {@code off} mode only */
    public TaskSandboxing(
            SandboxMode mode, Detection detection, AgentPolicyFactory policies, SandboxProbe probe, boolean root) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.detection = Objects.requireNonNull(detection, "detection");
        if (mode != SandboxMode.OFF) {
            Objects.requireNonNull(policies, "policies");
        }
        this.policies = policies;
        this.probe = Objects.requireNonNull(probe, "probe");
        this.root = root;
    }

    public SandboxMode mode() {
        return mode;
    }

    /**
     * Builds the policy for {@code sessionDir} once, so that a bad {@code sandbox:} config (a relative
     * path, a path in two lists) stops the agent at start-up instead of turning every task away.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void validate(Path sessionDir) {
        if (mode == SandboxMode.OFF) {
            return;
        }
        try {
            policies.forSession(sessionDir);
        } catch (SandboxException e) {
            // The CLI's config folder cannot be made: the probe reports that.
        }
    }

    /**
     * Shows that the sandbox holds, with the real policy for a stand-in session directory {@code
     * probeDir} (created and removed here), before the first task; does nothing in {@code off} mode.
     */
    public void probe(Path probeDir, Map<String, String> environment) {
        if (mode == SandboxMode.OFF) {
            log.warn("sandbox off (--sandbox off): tasks run UNSANDBOXED{}", root ? ROOT_NOTE : "");
            return;
        }
        ProbeResult result;
        try {
            Files.createDirectories(probeDir);
            SandboxPolicy policy = policies.forSession(probeDir);
            result = probe.probe(detection, policy, probeDir, environment);
        } catch (IOException | SandboxException | IllegalArgumentException e) {
            result = ProbeResult.failed(detection.backend(), "cannot prepare the probe: " + e.getMessage());
        } finally {
            deleteQuietly(AgentPolicyFactory.sessionConfigDir(probeDir));
            deleteQuietly(probeDir);
        }
        probed = result;
        SandboxStatus status = status();
        if (status.ready()) {
            log.info("sandbox {} ready: {}", mode.label(), status.reason());
        } else {
            log.warn("sandbox NOT ready ({}): {}", mode.label(), status.reason());
        }
    }

    /** The {@code sandbox} object of {@code /status}. */
    public SandboxStatus status() {
        if (mode == SandboxMode.OFF) {
            SandboxStatus off = SandboxStatus.off();
            return root ? new SandboxStatus(off.mode(), off.backend(), false, off.reason() + ROOT_NOTE) : off;
        }
        ProbeResult result = probed;
        if (result == null) {
            return new SandboxStatus(
                    mode,
                    detection.backend(),
                    false,
                    "not probed yet: the agent is starting (" + detection.reason() + ")");
        }
        SandboxStatus status = SandboxStatus.of(mode, result);
        boolean unsandboxed = !status.ready() && mode == SandboxMode.AUTO;
        return unsandboxed && root
                ? new SandboxStatus(status.mode(), status.backend(), false, status.reason() + ROOT_NOTE)
                : status;
    }

    /** How the tasks of the session in {@code sessionDir} run. */
    public SandboxPlan planFor(Path sessionDir) {
        if (mode == SandboxMode.OFF) {
            return unsandboxed("sandbox off (--sandbox off)");
        }
        ProbeResult result = probed;
        if (result == null) {
            return refused(detection.backend(), "the sandbox has not been probed yet");
        }
        return switch (mode.decide(result)) {
            case SANDBOXED -> sandboxed(sessionDir, result);
            case UNSANDBOXED ->
                unsandboxed("ran UNSANDBOXED (--sandbox auto): the sandbox probe failed: " + result.reason());
            case REFUSED -> refused(result.backend(), "the sandbox probe failed: " + result.reason());
        };
    }

    private SandboxPlan sandboxed(Path sessionDir, ProbeResult result) {
        try {
            return new SandboxPlan.Sandboxed(detection.launcher().orElseThrow(), policies.forSession(sessionDir));
        } catch (SandboxException | IllegalArgumentException e) {
            return refused(result.backend(), "cannot build the sandbox for this session: " + e.getMessage());
        }
    }

    private SandboxPlan unsandboxed(String why) {
        String reason = root ? why + ROOT_NOTE : why;
        Map<String, String> added = root ? Map.of(IS_SANDBOX, "1") : Map.of();
        return new SandboxPlan.Unsandboxed(new TaskSandbox(false, SandboxBackend.NONE.label(), null, reason), added);
    }

    private SandboxPlan refused(SandboxBackend backend, String why) {
        String flag = "--sandbox " + mode.label();
        return new SandboxPlan.Refused(
                new TaskSandbox(false, backend.label(), null, "refused (" + flag + "): " + why),
                flag + " runs this task only inside a working sandbox, and " + why + ". Fix that and restart the"
                        + " agent, or choose --sandbox auto (unsandboxed when the probe fails) or off.");
    }

    /** Removes {@code dir} and what the probe left in it (a CLI config folder holds a login link at most). */
    private static void deleteQuietly(Path dir) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path entry : entries.toList()) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("cannot remove the sandbox probe directory {}: {}", dir, e.getMessage());
        }
    }
}
