package uk.org.phobos.agency.agent;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;

/**
 * What the agent checks, on a thread of its own while it reports {@code starting}, before it takes
 * tasks: that the CLI runs, then that the sandbox holds (the probe), so that the first task never
 * waits for either.
 */
final class StartupCheck {
    private static final Logger log = LoggerFactory.getLogger(StartupCheck.class);

    private final Readiness readiness;
    private final String binary;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final TaskSandboxing sandboxing;
    private final Path probeDirectory;

    /**
     * @param environment the CLI's environment (without a task's {@code env})
     * @param probeDirectory a stand-in session directory for the probe, created and removed by it
     */
    StartupCheck(
            Readiness readiness,
            String binary,
            Map<String, String> environment,
            Path workingDirectory,
            TaskSandboxing sandboxing,
            Path probeDirectory) {
        this.readiness = readiness;
        this.binary = binary;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.sandboxing = sandboxing;
        this.probeDirectory = probeDirectory;
    }

    void start() {
        Thread check = new Thread(this::run, "agent-startup-check");
        check.setDaemon(true);
        check.start();
    }

    private void run() {
        RunnerCheck.Result result = new RunnerCheck().check(binary, environment, workingDirectory);
        // Probed even when the CLI is broken, so that /status tells both.
        sandboxing.probe(probeDirectory, environment);
        if (result instanceof RunnerCheck.Broken broken) {
            readiness.broken(broken.problem());
            log.error("cannot run tasks: {}", broken.problem());
            return;
        }
        RunnerCheck.Ready ready = (RunnerCheck.Ready) result;
        log.info("Claude Code CLI {} is ready ({})", binary, ready.runner().version());
        readiness.ready(ready.runner());
    }
}
