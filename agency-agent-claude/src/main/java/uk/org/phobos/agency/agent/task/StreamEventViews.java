package uk.org.phobos.agency.agent.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.agent.claude.StreamEvent;

/** How a parsed stream event looks on the task's Server-Sent Event feed. */
public final class StreamEventViews {
    static final int OUTPUT_LIMIT = 2000;

    record Named(String name, Map<String, Object> data) {}

    private StreamEventViews() {}

    /** Appends the feed form of {@code event} to {@code log}, if it has one. */
    public static void append(TaskEventLog log, StreamEvent event) {
        of(event).ifPresent(view -> log.append(view.name(), view.data()));
    }

    static Optional<Named> of(StreamEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (event instanceof StreamEvent.Init init) {
            data.put("session_id", init.sessionId());
            data.put("model", init.model());
            return Optional.of(new Named("init", data));
        }
        if (event instanceof StreamEvent.AssistantText text) {
            data.put("text", text.text());
            return Optional.of(new Named("text", data));
        }
        if (event instanceof StreamEvent.ToolCall call) {
            data.put("id", call.id());
            data.put("tool", call.name());
            data.put("input", call.input());
            return Optional.of(new Named("tool_call", data));
        }
        if (event instanceof StreamEvent.ToolResult result) {
            data.put("tool_use_id", result.toolUseId());
            data.put("output", cut(result.content()));
            data.put("is_error", result.isError());
            return Optional.of(new Named("tool_result", data));
        }
        if (event instanceof StreamEvent.Result result) {
            data.put("subtype", result.subtype());
            data.put("is_error", result.isError());
            data.put("num_turns", result.numTurns());
            data.put("cost_usd", result.totalCostUsd());
            return Optional.of(new Named("result", data));
        }
        return Optional.empty();
    }

    private static String cut(String text) {
        if (text == null || text.length() <= OUTPUT_LIMIT) {
            return text;
        }
        return text.substring(0, OUTPUT_LIMIT) + "…";
    }
}
