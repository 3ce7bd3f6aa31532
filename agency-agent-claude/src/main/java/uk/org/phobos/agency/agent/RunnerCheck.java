package uk.org.phobos.agency.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.core.api.RunnerInfo;

/** Checks that the configured CLI runs, by asking it for {@code --version}. */
final class RunnerCheck {
    private static final long TIMEOUT_SECONDS = 30;

    sealed interface Result {}

    record Ready(RunnerInfo runner) implements Result {}

    record Broken(String problem) implements Result {}

    Result check(String binary, Map<String, String> environment, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(binary, "--version")
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Broken("'" + binary + " --version' did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                return new Broken("'" + binary + " --version' failed with exit code " + process.exitValue()
                        + (text.isEmpty() ? "" : ": " + firstLine(text)));
            }
            return new Ready(new RunnerInfo("claude", binary, firstLine(text)));
        } catch (IOException e) {
            return new Broken("cannot run the Claude Code CLI '" + binary + "' (" + e.getMessage()
                    + "); install it or point --claude-bin / CLAUDE_BIN at it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Broken("interrupted while checking the CLI");
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
