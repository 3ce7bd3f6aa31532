package uk.org.phobos.agency.core.config;

import java.nio.file.Path;

/** A config file that cannot be used; the message names the file, the line and the field. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;

    public ConfigException(Path file, int line, String field, String problem, Throwable cause) {
        super(describe(file, line, field, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    private static String describe(Path file, int line, String field, String problem) {
        StringBuilder text = new StringBuilder().append(file);
        if (line > 0) {
            text.append(", line ").append(line);
        }
        if (field != null && !field.isEmpty()) {
            text.append(", field '").append(field).append('\'');
        }
        return text.append(": ").append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The dotted path of the bad field (e.g. {@code jobs[2].schedule}), or empty. */
    public String field() {
        return field == null ? "" : field;
    }
}
