package uk.org.phobos.agency.agent.claude;

import com.fasterxml.jackson.databind.JsonNode;
import uk.org.phobos.agency.core.api.Usage;

/**
 * What one line of {@code claude -p --output-format stream-json --verbose} says, as typed events.
 * One line can hold several: an assistant message with a text block and tool_use blocks gives one
 * event per block. Text fields are never null: a field the CLI left out reads as {@code ""}.
 */
public sealed interface StreamEvent {

    /** {@code system/init}, the first line of every run. */
    record Init(String sessionId, String model, String cwd) implements StreamEvent {}

    /** A text block of an assistant message. */
    record AssistantText(String text) implements StreamEvent {}

    /** A {@code tool_use} block of an assistant message; {@code input} is the tool's arguments. */
    record ToolCall(String id, String name, JsonNode input) implements StreamEvent {}

    /** A {@code tool_result} the CLI sent back to the model; {@code content} flattened to text. */
    record ToolResult(String toolUseId, String content, boolean isError) implements StreamEvent {}

    /**
     * The final {@code result} of a run. {@code result} is the CLI's result text, or, when it has
     * none (error_max_turns), its {@code errors} joined by "; ". {@code totalCostUsd} is the CLI's
     * {@code total_cost_usd}, which for a resumed session also counts the earlier runs of that
     * session; {@code runCostUsd} is this run's own cost (the CLI's
     * {@code model_usage_since_last_result}), the one to add up over a task's runs. {@code usage}
     * covers this run only.
     */
    record Result(
            String subtype,
            boolean isError,
            String result,
            int numTurns,
            double totalCostUsd,
            Usage usage,
            String terminalReason,
            String sessionId,
            double runCostUsd)
            implements StreamEvent {
        public static final String SUCCESS = "success";
        public static final String ERROR_MAX_TURNS = "error_max_turns";

        /** A result whose run cost is its total cost (a session's first run). */
        public Result(
                String subtype,
                boolean isError,
                String result,
                int numTurns,
                double totalCostUsd,
                Usage usage,
                String terminalReason,
                String sessionId) {
            this(subtype, isError, result, numTurns, totalCostUsd, usage, terminalReason, sessionId, totalCostUsd);
        }
    }

    /** Valid JSON that is not modelled here (other system events, thinking blocks, ...); type may be null. */
    record Other(String type) implements StreamEvent {}
}
