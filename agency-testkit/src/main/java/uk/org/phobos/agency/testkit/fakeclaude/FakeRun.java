package uk.org.phobos.agency.testkit.fakeclaude;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonEvents;
import uk.org.phobos.agency.testkit.streamjson.TokenUsage;

/**
 * What one invocation of a {@link FakeClaude} does, step by step: print stream-json events like
 * the real CLI, write to stderr, sleep, leave grandchildren behind, exit with a code. The session
 * id, model and working directory in the events come from the actual command line at run time.
 */
public final class FakeRun {
    static final String SESSION_ID = "@@SESSION_ID@@";
    static final String MODEL = "@@MODEL@@";
    static final String CWD = "@@CWD@@";
    private static final List<String> TOOLS = List.of("Task", "Bash", "Edit", "Read", "Write");
    private static final double COST_PER_TURN_USD = 0.000105;

    private final StreamJsonEvents events = new StreamJsonEvents();
    private final List<String> steps = new ArrayList<>();
    private int turns;
    private int exitCode;

    private FakeRun() {}

    public static FakeRun create() {
        return new FakeRun();
    }

    /** The {@code system/init} event, as the real CLI prints first. */
    public FakeRun init() {
        return event(events.systemInit(SESSION_ID, CWD, MODEL, TOOLS, FakeClaude.DEFAULT_VERSION_NUMBER));
    }

    public FakeRun text(String text) {
        turns++;
        return event(events.assistantText(SESSION_ID, MODEL, text));
    }

    public FakeRun toolUse(String toolUseId, String tool, Map<String, ?> input) {
        turns++;
        return event(events.assistantToolUse(SESSION_ID, MODEL, toolUseId, tool, input));
    }

    /** A Bash tool call, shaped as the model sends it. The fake does not run the command. */
    public FakeRun bash(String toolUseId, String command) {
        return toolUse(toolUseId, "Bash", Map.of("command", command, "description", "Run " + command));
    }

    public FakeRun toolResult(String toolUseId, String content, boolean isError) {
        return event(events.userToolResult(SESSION_ID, toolUseId, content, isError));
    }

    /** {@code result} with subtype success and is_error false. */
    public FakeRun success(String result) {
        int numTurns = Math.max(1, turns);
        return event(events.resultSuccess(SESSION_ID, result, numTurns, usageOf(numTurns), cost(numTurns)));
    }

    /** {@code result} with subtype error_max_turns; exits 1 like the real CLI (unless {@link #exit} says else). */
    public FakeRun maxTurns(int maxTurns) {
        exitCode = 1;
        int numTurns = Math.max(1, turns);
        return event(events.resultMaxTurns(SESSION_ID, maxTurns, numTurns + 1, usageOf(numTurns), cost(numTurns)));
    }

    /** The result of a run ended by an API error; exits 1 like the real CLI. */
    public FakeRun apiError(int status, String message) {
        exitCode = 1;
        return event(events.resultApiError(SESSION_ID, status, "API Error: " + status + " " + message));
    }

    /** Any event; the placeholders of {@link StreamJsonEvents} users may not know are not needed. */
    public FakeRun event(JsonNode event) {
        return line(events.toLine(event));
    }

    /** A raw stdout line, e.g. one that is not JSON at all. */
    public FakeRun line(String line) {
        steps.add("emit " + BashQuoting.quote(line));
        return this;
    }

    public FakeRun stderr(String line) {
        steps.add("printf '%s\\n' " + BashQuoting.quote(line) + " >&2");
        return this;
    }

    public FakeRun sleep(Duration duration) {
        steps.add(String.format("sleep %d.%03d", duration.toSeconds(), duration.toMillisPart()));
        return this;
    }

    /** Sleeps for an hour: for stall, timeout and cancel tests. */
    public FakeRun hang() {
        return sleep(Duration.ofHours(1));
    }

    /**
     * Starts {@code shellCommand} (a simple command such as {@code sleep 300}) in the background
     * and leaves it running; its pid is recorded for {@link FakeClaude#grandchildPids()}. It keeps
     * the fake's stdout and stderr open unless the command redirects them.
     */
    public FakeRun spawnGrandchild(String shellCommand) {
        steps.add(shellCommand + " &");
        steps.add("echo $! >> \"$records/" + FakeClaude.GRANDCHILDREN + "\"");
        return this;
    }

    /** Exits with {@code code} after the steps before it (0 unless a result step said else). */
    public FakeRun exit(int code) {
        this.exitCode = code;
        return this;
    }

    String bashBody() {
        StringBuilder body = new StringBuilder();
        steps.forEach(step -> body.append("  ").append(step).append('\n'));
        body.append("  exit ").append(exitCode).append('\n');
        return body.toString();
    }

    private static TokenUsage usageOf(int numTurns) {
        return new TokenUsage(
                TokenUsage.SMALL.inputTokens() * numTurns, TokenUsage.SMALL.outputTokens() * numTurns, 0, 0);
    }

    private static double cost(int numTurns) {
        return COST_PER_TURN_USD * numTurns;
    }
}
