package uk.org.phobos.agency.agent.claude;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a process's stdout line by line (UTF-8, lines of any length) and hands each one on. */
final class StdoutPump implements Runnable {
    private final InputStream in;
    private final Consumer<String> lines;
    private final Runnable closed;

    StdoutPump(InputStream in, Consumer<String> lines, Runnable closed) {
        this.in = in;
        this.lines = lines;
        this.closed = closed;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // The pipe broke because the process was killed: the output ends here.
        } finally {
            closed.run();
        }
    }
}
