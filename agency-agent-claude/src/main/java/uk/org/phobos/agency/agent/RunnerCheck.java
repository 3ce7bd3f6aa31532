package uk.org.phobos.agency.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.core.api.RunnerInfo;

/**
 * Checks that the configured CLI runs, by asking it for {@code --version} within a time limit: a
 * CLI still running when the time is up is killed with every process it started.
 */
final class RunnerCheck {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final File DEV_NULL = new File("/dev/null");

    sealed interface Result {}

    record Ready(RunnerInfo runner) implements Result {}

    record Broken(String problem) implements Result {}

    private final Duration timeout;

    RunnerCheck() {
        this(DEFAULT_TIMEOUT);
    }

    RunnerCheck(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    Result check(String binary, Map<String, String> environment, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(binary, "--version")
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Broken("cannot run the Claude Code CLI '" + binary + "' (" + e.getMessage()
                    + "); install it or point --claude-bin / CLAUDE_BIN at it");
        }
        String command = "'" + binary + " --version'";
        long deadline = System.nanoTime() + timeout.toNanos();
        Output output = Output.readFrom(process.getInputStream());
        try {
            if (!process.waitFor(nanosLeft(deadline), TimeUnit.NANOSECONDS)) {
                killTree(process);
                return new Broken(command + " did not answer within " + shown(timeout));
            }
            // A process the CLI left behind may hold its output open for good: what was printed
            // before the CLI exited is read by the deadline all the same.
            output.awaitEnd(nanosLeft(deadline));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new Broken("interrupted while checking the CLI");
        }
        String printed = output.text();
        if (process.exitValue() != 0) {
            return new Broken(command + " failed with exit code " + process.exitValue()
                    + (printed.isEmpty() ? " and printed nothing" : ": " + firstLine(printed)));
        }
        return new Ready(new RunnerInfo("claude", binary, firstLine(printed)));
    }

    /** The descendants are found first: once the CLI is gone they are no longer its descendants. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static long nanosLeft(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static String shown(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    /**
     * The CLI's output (stdout and stderr), read on a thread of its own, because a read blocks for
     * as long as anything holds the pipe open; keeps the first bytes and drains the rest, so that a
     * chatty CLI never blocks on a full pipe.
     */
    private static final class Output {
        private static final int KEPT = 4096;

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);

        static Output readFrom(InputStream stream) {
            Output output = new Output();
            Thread reader = new Thread(() -> output.drain(stream), "agent-runner-check-output");
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        private void drain(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                for (int read = stream.read(buffer); read >= 0; read = stream.read(buffer)) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.min(read, KEPT - kept.size()));
                    }
                }
            } catch (IOException e) {
                // Closed under the reader: what it kept stands.
            } finally {
                ended.countDown();
            }
        }

        void awaitEnd(long nanos) throws InterruptedException {
            ended.await(nanos, TimeUnit.NANOSECONDS);
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8).trim();
            }
        }
    }
}
