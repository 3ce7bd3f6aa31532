package uk.org.phobos.agency.testkit.streamjson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Transcripts the real Claude Code CLI printed (stream-json, one event a line) in this module's
 * {@code RealClaudeCliIT}, against the Anthropic stand-in. Paths of the temporary session and home
 * directories are replaced by {@link #SESSION_DIR} and {@link #HOME_DIR}; all else is as printed.
 */
public enum StreamJsonFixture {
    /** A Bash tool call that writes proof.txt, its result, a final text: subtype success. */
    TOOL_CALL_SUCCESS("tool-call-success.jsonl"),
    /** {@code --max-turns 1} and a tool call: subtype error_max_turns, is_error true, exit 1. */
    MAX_TURNS("max-turns.jsonl"),
    /** A run resumed with {@code --resume}: a text answer, subtype success. */
    RESUMED_SUCCESS("resumed-success.jsonl"),
    /** The API answered HTTP 400: subtype success but is_error true, terminal_reason api_error, exit 1. */
    API_ERROR("api-error.jsonl");

    public static final String SESSION_DIR = "/tmp/agency-session";
    public static final String HOME_DIR = "/tmp/agency-home";
    public static final String CLI_VERSION = "2.1.332";

    private final String fileName;

    StreamJsonFixture(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** The classpath resource, for tests that want a stream. */
    public String resource() {
        return "/fixtures/stream-json/" + fileName;
    }

    public List<String> lines() {
        try (InputStream in = StreamJsonFixture.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException("Fixture missing from the classpath: " + resource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
