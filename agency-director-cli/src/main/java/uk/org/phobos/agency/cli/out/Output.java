package uk.org.phobos.agency.cli.out;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import uk.org.phobos.agency.cli.json.JsonCodec;

/**
 * Where a command writes: results to stdout (JSON with {@code --json}), messages for people to stderr,
 * both flushed at once so that lines of the two streams arrive in order on a terminal.
 */
public final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<JsonCodec> json;
    private final OutputMode mode;

    public Output(PrintStream out, PrintStream err, Supplier<JsonCodec> json, OutputMode mode) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.mode = mode;
    }

    public boolean json() {
        return mode.json();
    }

    public boolean verbose() {
        return mode.verbose();
    }

    /** True when stdout is a terminal: progress lines and colour make sense there. */
    public boolean terminal() {
        return mode.terminal();
    }

    public Style style() {
        return new Style(mode.color());
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Text without a line end, e.g. a model's text arriving in pieces. */
    public void text(String text) {
        out.print(text);
        out.flush();
    }

    /** One JSON document on one line (a tree of maps, lists and values, or a JSON object read). */
    public void json(Object tree) {
        out.println(new String(json.get().write(tree), StandardCharsets.UTF_8));
        out.flush();
    }

    /** A message for the person at the terminal, on stderr. */
    public void note(String text) {
        err.println(text);
        err.flush();
    }

    /** Raw access to stderr, for the progress line. */
    public PrintStream err() {
        return err;
    }

    public PrintStream out() {
        return out;
    }
}
