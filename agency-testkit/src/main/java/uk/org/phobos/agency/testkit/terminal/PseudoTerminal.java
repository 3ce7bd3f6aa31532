package uk.org.phobos.agency.testkit.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import uk.org.phobos.agency.testkit.Deadline;

/**
 * A command on a pseudo-terminal (120 x 40), through util-linux {@code script}, for tests of interactive
 * programs such as {@code ag}'s REPL: what a person types goes in as bytes
 * (Enter is {@code \r}, Ctrl-C {@code \u0003}, Ctrl-D {@code \u0004}), and the screen's text comes back with
 * escape sequences removed. Closing it ends the command and everything it started.
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|\u001b[=>()][0-9A-Za-z]?|\r");

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuilder screen = new StringBuilder();

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread reader = new Thread(this::read, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static PseudoTerminal start(List<String> command, Map<String, String> env) throws IOException {
        // A terminal of 0 x 0 (what script gives a pipe) makes line editors misbehave: give it a size.
        // Signals are reset to their defaults as a terminal's shell would have them: a test run started in the
        // background (`cmd &` in a script) inherits SIGINT ignored, and then Ctrl-C on this terminal does nothing.
        String line = "stty cols 120 rows 40; exec env --default-signal "
                + command.stream().map(PseudoTerminal::quote).collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-f", "-e", "-c", line, "/dev/null");
        builder.environment().putAll(env);
        builder.environment().put("TERM", "xterm-256color");
        builder.redirectErrorStream(true);
        return new PseudoTerminal(builder.start());
    }

    public void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** The screen so far, without escape sequences. */
    public synchronized String text() {
        return ESCAPES.matcher(screen).replaceAll("");
    }

    public int count(String what) {
        String text = text();
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }

    public void awaitCount(String what, int times) {
        Deadline.after(Duration.ofSeconds(30)).poll(() -> count(what) >= times);
        if (count(what) < times) {
            throw new AssertionError("Timed out waiting for " + times + "x '" + what + "' on the screen:\n" + text());
        }
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the command did not exit; the screen:\n" + text());
        }
        return process.exitValue();
    }

    private void read() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (this) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
