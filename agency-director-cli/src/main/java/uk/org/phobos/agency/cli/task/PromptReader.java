package uk.org.phobos.agency.cli.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import uk.org.phobos.agency.cli.CliEnvironment;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;

/** Where a prompt comes from: the argument, a file ({@code -f}), or stdin ({@code -}, or a pipe). */
public final class PromptReader {
    private final CliEnvironment environment;

    public PromptReader(CliEnvironment environment) {
        this.environment = environment;
    }

    /**
     * The prompt, stripped: {@code argument}, else the contents of {@code file}, else stdin when {@code argument}
     * is {@code -} or stdin is a pipe; exit 2 when it is missing, empty or unreadable.
     */
    public String read(String argument, Path file) {
        if (argument != null && file != null) {
            throw usage("give the prompt either as an argument or with -f FILE, not both");
        }
        String prompt;
        if (file != null) {
            prompt = readFile(file);
        } else if ("-".equals(argument) || (argument == null && !environment.stdinTerminal())) {
            prompt = readStdin();
        } else if (argument == null) {
            throw usage("no prompt: give it as an argument, with -f FILE, or on stdin with -");
        } else {
            prompt = argument;
        }
        if (prompt.isBlank()) {
            throw usage("the prompt is empty");
        }
        return prompt.strip();
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage("prompt file " + file + " does not exist");
        } catch (IOException e) {
            throw usage("cannot read prompt file " + file + ": " + e.getMessage());
        }
    }

    private String readStdin() {
        try (InputStream in = environment.stdin()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("cannot read the prompt from stdin: " + e.getMessage());
        }
    }

    private static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
