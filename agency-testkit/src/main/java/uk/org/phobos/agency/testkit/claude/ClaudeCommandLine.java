package uk.org.phobos.agency.testkit.claude;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line SPEC.md (section 3) prescribes for a task run:
 * {@code claude -p --output-format stream-json --verbose --model M --max-turns N}
 * {@code --session-id S | --resume S --append-system-prompt X --dangerously-skip-permissions -- PROMPT}.
 */
public final class ClaudeCommandLine {
    private final String binary;
    private String model = "claude-sonnet-4-5";
    private int maxTurns = 10;
    private String sessionOption;
    private String sessionId;
    private String appendSystemPrompt;

    private ClaudeCommandLine(String binary) {
        this.binary = binary;
    }

    public static ClaudeCommandLine of(Path binary) {
        return new ClaudeCommandLine(binary.toString());
    }

    public static ClaudeCommandLine of(String binary) {
        return new ClaudeCommandLine(binary);
    }

    public ClaudeCommandLine model(String model) {
        this.model = model;
        return this;
    }

    public ClaudeCommandLine maxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
        return this;
    }

    /** A new session: {@code --session-id}, which fails if a transcript of that id exists. */
    public ClaudeCommandLine newSession(String sessionId) {
        this.sessionOption = "--session-id";
        this.sessionId = sessionId;
        return this;
    }

    /** Continues a session: {@code --resume}, from the same working directory and HOME. */
    public ClaudeCommandLine resume(String sessionId) {
        this.sessionOption = "--resume";
        this.sessionId = sessionId;
        return this;
    }

    public ClaudeCommandLine appendSystemPrompt(String instructions) {
        this.appendSystemPrompt = instructions;
        return this;
    }

    public List<String> build(String prompt) {
        Objects.requireNonNull(sessionOption, "newSession(id) or resume(id) first");
        List<String> argv = new ArrayList<>(List.of(
                binary,
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--model",
                model,
                "--max-turns",
                Integer.toString(maxTurns),
                sessionOption,
                sessionId));
        if (appendSystemPrompt != null) {
            argv.add("--append-system-prompt");
            argv.add(appendSystemPrompt);
        }
        argv.add("--dangerously-skip-permissions");
        argv.add("--");
        argv.add(prompt);
        return argv;
    }
}
