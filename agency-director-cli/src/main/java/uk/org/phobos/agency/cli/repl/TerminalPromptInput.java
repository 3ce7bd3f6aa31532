package uk.org.phobos.agency.cli.repl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Prompts from a terminal through JLine: line editing, history with the arrow keys (kept in {@code
 * historyFile}, 0600: prompts may hold secrets), continuation lines, and Ctrl-C as an exception at the
 * prompt or a signal while a task runs.
 */
final class TerminalPromptInput implements PromptInput {
    private final Terminal terminal;
    private final LineReader reader;

    TerminalPromptInput(Path historyFile) {
        try {
            this.terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ag")
                .parser(new BlockParser())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, ReplPrompt.MORE)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (prepareHistory(historyFile)) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    @Override
    public String read() throws ReplInterrupted {
        try {
            return reader.readLine(ReplPrompt.FIRST);
        } catch (UserInterruptException e) {
            throw new ReplInterrupted(e.getPartialLine());
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void onInterrupt(Runnable action) {
        if (action == null) {
            terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL);
        } else {
            terminal.handle(Terminal.Signal.INT, signal -> action.run());
        }
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            // the session is over either way
        }
    }

    private static boolean prepareHistory(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no history then, rather than no REPL
        }
    }

    /** Asks JLine for another line while {@link PromptBlocks} says the prompt goes on. */
    private static final class BlockParser implements Parser {
        private final DefaultParser words = new DefaultParser();

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && PromptBlocks.incomplete(line)) {
                throw new EOFError(-1, -1, "prompt continues", "more");
            }
            // Prompts are prose: quotes and backslashes are the user's, not escapes.
            return words.escapeChars(new char[0]).quoteChars(new char[0]).parse(line, cursor, context);
        }

        @Override
        public boolean isEscapeChar(char ch) {
            return false;
        }
    }
}
