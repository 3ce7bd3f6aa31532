package uk.org.phobos.agency.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        boolean terminal = System.console() != null;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        return new CliEnvironment(System.getenv(), System.in, out, err, terminal, terminal, new ProcessExit(out, err));
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
