package uk.org.phobos.agency.sandbox.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.sandbox.SandboxedCommand;

/**
 * Runs the wrapped probe command to its end: stdin closed, stdout and stderr merged and read on a
 * thread of its own, killed with everything it started when it overruns its time.
 */
final class ProbeRunner {
    private static final int MAX_LINES = 200;

    private final Duration timeout;

    ProbeRunner(Duration timeout) {
        this.timeout = timeout;
    }

    ProbeOutcome run(SandboxedCommand command) throws ProbeFailure {
        Process process;
        try {
            process = command.toProcessBuilder().redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ProbeFailure("cannot start " + command.argv().get(0) + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> readLines(process, lines), "sandbox-probe-output");
        reader.setDaemon(true);
        try {
            process.getOutputStream().close();
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ProbeFailure("the probe command did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ProbeFailure("interrupted while probing the sandbox");
        } catch (IOException e) {
            kill(process);
            throw new ProbeFailure("cannot talk to the probe command: " + e.getMessage());
        }
        synchronized (lines) {
            return new ProbeOutcome(process.exitValue(), lines);
        }
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // The process was killed: its output ends here.
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
