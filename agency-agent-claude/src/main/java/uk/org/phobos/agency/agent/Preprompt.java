package uk.org.phobos.agency.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import uk.org.phobos.agency.core.api.ApiException;

/**
 * The instructions appended to the CLI's system prompt for every task: Agency's own (embedded),
 * or the contents of {@code preprompt_file}, read again for every task so edits apply at once.
 */
final class Preprompt implements Supplier<String> {
    private static final String EMBEDDED = "/uk/org/phobos/agency/agent/agent-instructions.md";

    private final Optional<Path> file;
    private final String embedded;

    Preprompt(Optional<Path> file) {
        this.file = file;
        this.embedded = readEmbedded();
    }

    /** The instructions for the next task; a configured file that cannot be read refuses the task (503). */
    @Override
    public String get() {
        if (file.isEmpty()) {
            return embedded;
        }
        try {
            return Files.readString(file.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiException.unavailable("preprompt_file " + file.get() + " cannot be read (" + e.getMessage()
                    + "); fix the file or remove the setting to use the built-in instructions");
        }
    }

    Optional<Path> file() {
        return file;
    }

    private static String readEmbedded() {
        try (InputStream in = Preprompt.class.getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                throw new IllegalStateException("the built-in agent instructions are missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in agent instructions", e);
        }
    }
}
