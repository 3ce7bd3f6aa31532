package uk.org.phobos.agency.sandbox.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.sandbox.ProbeResult;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxLauncher;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxedCommand;
import uk.org.phobos.agency.sandbox.detect.Detection;

/**
 * Shows that a sandbox really holds before tasks rely on it: runs a small shell script inside it,
 * with the real policy, and checks that
 *
 * <ol>
 *   <li>the sandbox starts and the script runs;
 *   <li>creating a file outside the writable paths fails (in a directory the host itself can write
 *       to, so the failure is the sandbox's doing), and no such file appears on the host;
 *   <li>creating a file in the session directory works and the file appears on the host;
 *   <li>hidden paths are absent: an entry of each hidden directory does not exist inside, a hidden
 *       non-empty file cannot be read;
 *   <li>where {@code /proc} tells, the process holds no capabilities.
 * </ol>
 *
 * The probe cleans up the files it made. Any failure makes the result not ready, with the reason.
 */
public final class SandboxProbe {
    private static final Logger log = LoggerFactory.getLogger(SandboxProbe.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final ProbePlanner planner = new ProbePlanner();
    private final ProbeScript script = new ProbeScript();
    private final ProbeRunner runner;

    public SandboxProbe() {
        this(DEFAULT_TIMEOUT);
    }

    public SandboxProbe(Duration timeout) {
        this.runner = new ProbeRunner(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Probes the detected backend; not ready, with the detection's reason, when there is none. */
    public ProbeResult probe(
            Detection detection, SandboxPolicy policy, Path sessionDir, Map<String, String> environment) {
        if (detection.launcher().isEmpty()) {
            return detection.unavailable();
        }
        return probe(detection.launcher().get(), policy, sessionDir, environment);
    }

    /**
     * Runs the probe with {@code policy}, made for {@code sessionDir} (an existing directory standing
     * in for a task's session directory), and the environment tasks will get.
     */
    public ProbeResult probe(
            SandboxLauncher launcher, SandboxPolicy policy, Path sessionDir, Map<String, String> environment) {
        SandboxBackend backend = launcher.backend();
        ProbePlan plan = null;
        try {
            plan = planner.plan(policy, sessionDir);
            SandboxedCommand command = launcher.wrap(policy, script.command(plan), sessionDir, environment);
            ProbeOutcome outcome = runner.run(command);
            String passed = verdict(plan, outcome);
            log.info("sandbox probe passed ({}): {}", backend.label(), passed);
            return ProbeResult.passed(backend, backend.label() + ": " + passed);
        } catch (SandboxException e) {
            return failed(backend, "cannot build the sandbox: " + e.getMessage());
        } catch (ProbeFailure e) {
            return failed(backend, e.getMessage());
        } finally {
            if (plan != null) {
                cleanUp(plan);
            }
        }
    }

    private static ProbeResult failed(SandboxBackend backend, String reason) {
        log.warn("sandbox probe failed ({}): {}", backend.label(), reason);
        return ProbeResult.failed(backend, reason);
    }

    private static String verdict(ProbePlan plan, ProbeOutcome outcome) throws ProbeFailure {
        if (!outcome.saw("ran")) {
            throw new ProbeFailure("the sandbox did not start (exit code " + outcome.exitCode() + ")"
                    + outcome.complaint().map(c -> ": " + c).orElse(""));
        }
        Optional<String> forbiddenWrite = outcome.firstArgumentOf("forbidden-write-succeeded");
        if (forbiddenWrite.isPresent()) {
            throw new ProbeFailure("creating " + plan.forbiddenFiles().get(Integer.parseInt(forbiddenWrite.get()) - 1)
                    + " succeeded inside the sandbox, outside every writable path");
        }
        for (Path file : plan.forbiddenFiles()) {
            if (Files.exists(file)) {
                throw new ProbeFailure(file + " appeared on the host although the sandbox may not write there");
            }
        }
        if (!outcome.saw("allowed-write-ok") || !Files.exists(plan.allowedFile())) {
            throw new ProbeFailure("creating " + plan.allowedFile() + " in the session directory failed inside the"
                    + " sandbox" + outcome.complaint().map(c -> ": " + c).orElse(""));
        }
        Optional<String> visible = outcome.firstArgumentOf("hidden-visible");
        if (visible.isPresent()) {
            throw new ProbeFailure("hidden path "
                    + plan.hiddenChecks()
                            .get(Integer.parseInt(visible.get()) - 1)
                            .path() + " is visible inside the sandbox");
        }
        Optional<String> capabilities = outcome.firstArgumentOf("capabilities");
        if (capabilities.isPresent()) {
            throw new ProbeFailure("the sandboxed process keeps capabilities (CapEff " + capabilities.get()
                    + "), with which it could undo its mounts");
        }
        if (!outcome.saw("done") || outcome.exitCode() != 0) {
            throw new ProbeFailure("the probe script did not finish (exit code " + outcome.exitCode() + ")"
                    + outcome.complaint().map(c -> ": " + c).orElse(""));
        }
        return "writes outside the writable paths fail, the session directory is writable, "
                + plan.hiddenChecks().size() + " hidden path(s) checked absent; network: host (the internet and"
                + " loopback services are reachable)";
    }

    private static void cleanUp(ProbePlan plan) {
        List<Path> made = new ArrayList<>(plan.forbiddenFiles());
        made.add(plan.allowedFile());
        for (Path file : made) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("sandbox probe: cannot delete {}: {}", file, e.getMessage());
            }
        }
    }
}
