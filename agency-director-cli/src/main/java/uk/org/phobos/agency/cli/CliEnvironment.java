package uk.org.phobos.agency.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * What the command line gets from the process: environment variables, the standard streams, whether
 * stdin and stdout are terminals, and how to end the process from another thread (the REPL's second
 * Ctrl-C). Tests hand in their own.
 */
public record CliEnvironment(
        Map<String, String> variables,
        InputStream stdin,
        PrintStream out,
        PrintStream err,
        boolean stdinTerminal,
        boolean stdoutTerminal,
        IntConsumer exit) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /**
     * This process's. Output is UTF-8 whatever the locale says (a POSIX locale would turn every arrow and
     * every non-ASCII character of a model's answer into '?').
     */
    @SuppressWarnings("SystemConsoleNull") // Java 17: System.console() is null unless stdin and stdout are terminals
    public static CliEnvironment ofProcess() {
        // Java 17 has no isatty for one stream: System.console() answers for stdin and stdout together. When it
        // says "not both", Linux's /proc tells them apart (`ag task | less`: stdin is a terminal, stdout not).
        boolean both = System.console() != null;
        boolean stdinTerminal = both || terminal(0);
        boolean stdoutTerminal = both || terminal(1);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        return new CliEnvironment(
                System.getenv(), System.in, out, err, stdinTerminal, stdoutTerminal, new ProcessExit(out, err));
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /**
     * Whether file descriptor {@code fd} of this process is a terminal, by where {@code /proc/self/fd/FD} points
     * (a link read, no process started); false where there is no {@code /proc} (macOS): there only {@code
     * System.console()} counts, for both streams at once.
     */
    private static boolean terminal(int fd) {
        try {
            return terminalDevice(
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * True for the device files of terminals: pseudo-terminals ({@code /dev/pts/N}), consoles and serial lines
     * ({@code /dev/ttyN}, {@code /dev/ttyS0}, {@code /dev/tty}, {@code /dev/console}); false for pipes ({@code
     * pipe:[123]}), sockets, files and {@code /dev/null}.
     */
    static boolean terminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }
}
