package uk.org.phobos.agency.cli.task;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.core.client.ServerSentEvent;

/**
 * {@code --follow}: each event of a task as it happens. On a terminal, tool calls and text scroll above a
 * progress line; piped, plain lines; with {@code --json}, one JSON object per event.
 */
public final class EventPrinter implements TaskEventSink, AutoCloseable {
    private static final int WIDTH = 100;

    private final Output output;
    private final JsonCodec json;
    private final Style style;
    private final ProgressLine progress;
    private String lastPolledState;
    private String lastText;

    public EventPrinter(Output output, JsonCodec json, Clock clock) {
        this.output = output;
        this.json = json;
        this.style = output.style();
        this.progress = output.terminal() && !output.json() ? new ProgressLine(output.out(), style, clock) : null;
    }

    @Override
    public void event(ServerSentEvent event, JsonObject data) {
        if (output.json()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", event.id());
            line.put("event", event.event());
            line.put("data", data);
            output.json(line);
            return;
        }
        switch (event.event()) {
            case "init" -> {
                print(style.dim("session " + data.string("session_id") + " · model " + data.string("model")));
                activity("thinking");
            }
            case "text" -> {
                String text = data.string("text");
                if (text != null && !text.isBlank()) {
                    lastText = text.strip();
                    print(lastText);
                }
                activity("thinking");
            }
            case "tool_call" -> {
                String tool = data.string("tool");
                String input = new ToolInput(data.get("input")).summary(json, WIDTH);
                print(style.cyan("→ " + tool) + "  " + input);
                activity(tool + " " + OneLine.of(input, 40));
            }
            case "tool_result" -> {
                boolean failed = Boolean.TRUE.equals(data.bool("is_error"));
                String result = OneLine.of(data.string("output"), WIDTH - 4);
                print("  " + (failed ? style.red("✗") : style.green("✓")) + " " + style.dim(result));
                activity("thinking");
            }
            case "state" -> {
                Integer attempt = data.integer("attempt");
                if ("working".equals(data.string("state")) && attempt != null && attempt > 1) {
                    print(style.dim("resuming the session (run " + attempt + ")"));
                }
            }
            default -> {
                // "result" and events this version does not know: the summary at the end covers them
            }
        }
    }

    @Override
    public void polled(JsonObject task) {
        String state = task.string("state");
        if (state != null && !state.equals(lastPolledState)) {
            lastPolledState = state;
            if (output.json()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", "state");
                line.put("data", Map.of("state", state));
                output.json(line);
            } else if (!TaskWatcher.ended(task)) {
                print(style.dim(state + (task.has("agent_url") ? " on " + task.string("agent_url") : "")));
                activity(state);
            }
        }
    }

    /**
     * Prints the task's output unless it was the last text streamed: the answer arrives in the {@code
     * result} event too, and a CLI may send it only there.
     */
    public void finalOutput(String output) {
        if (output != null && !output.isBlank() && !output.strip().equals(lastText) && !this.output.json()) {
            print(output.strip());
        }
    }

    private void print(String text) {
        if (progress != null) {
            progress.print(text);
        } else {
            output.line(text);
        }
    }

    private void activity(String what) {
        if (progress != null) {
            progress.activity(what);
        }
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
        }
    }
}
