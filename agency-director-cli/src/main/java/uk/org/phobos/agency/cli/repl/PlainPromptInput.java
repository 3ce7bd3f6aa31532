package uk.org.phobos.agency.cli.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Prompts from plain lines (stdin that is not a terminal): no editing, Ctrl-C ends the process. */
final class PlainPromptInput implements PromptInput {
    private final BufferedReader reader;
    private final PrintStream out;
    private final boolean echoPrompt;

    PlainPromptInput(InputStream in, PrintStream out, boolean echoPrompt) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.echoPrompt = echoPrompt;
    }

    @Override
    public String read() {
        try {
            if (echoPrompt) {
                out.print(ReplPrompt.FIRST);
                out.flush();
            }
            String line = reader.readLine();
            if (line == null) {
                return null;
            }
            StringBuilder text = new StringBuilder(line);
            while (PromptBlocks.incomplete(text.toString())) {
                if (echoPrompt) {
                    out.print(ReplPrompt.MORE);
                    out.flush();
                }
                String more = reader.readLine();
                if (more == null) {
                    break;
                }
                text.append('\n').append(more);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a prompt", e);
        }
    }

    @Override
    public void onInterrupt(Runnable action) {
        // without a terminal there is no Ctrl-C to catch: SIGINT ends the process (exit 130)
    }

    @Override
    public void close() {
        // stdin stays open: it is the process's
    }
}
