package uk.org.phobos.agency.agent.claude;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the Claude Code CLI as SPEC.md section 3 prescribes it. {@code resume} false starts
 * session {@code sessionId} ({@code --session-id}, which the CLI refuses when that session's
 * transcript exists); true continues it ({@code --resume}). A null {@code systemPrompt} leaves
 * {@code --append-system-prompt} out.
 */
public record ClaudeInvocation(
        String binary,
        String model,
        int maxTurns,
        String sessionId,
        boolean resume,
        String systemPrompt,
        String prompt) {

    public ClaudeInvocation {
        requireText(binary, "binary");
        requireText(model, "model");
        requireText(sessionId, "sessionId");
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be at least 1, got " + maxTurns);
        }
        if (prompt == null) {
            throw new IllegalArgumentException("prompt is required");
        }
    }

    /**
     * {@code binary -p --output-format stream-json --verbose --model M --max-turns N
     * (--session-id S | --resume S) --append-system-prompt X --dangerously-skip-permissions -- PROMPT}.
     * The prompt comes after {@code --} as one argument, so one starting with '-' is never an option.
     */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(16);
        argv.add(binary);
        argv.add("-p");
        argv.add("--output-format");
        argv.add("stream-json");
        argv.add("--verbose");
        argv.add("--model");
        argv.add(model);
        argv.add("--max-turns");
        argv.add(Integer.toString(maxTurns));
        argv.add(resume ? "--resume" : "--session-id");
        argv.add(sessionId);
        if (systemPrompt != null) {
            argv.add("--append-system-prompt");
            argv.add(systemPrompt);
        }
        argv.add("--dangerously-skip-permissions");
        argv.add("--");
        argv.add(prompt);
        return List.copyOf(argv);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
