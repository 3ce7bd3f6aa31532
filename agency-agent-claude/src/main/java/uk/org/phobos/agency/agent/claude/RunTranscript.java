package uk.org.phobos.agency.agent.claude;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.core.api.Step;

/**
 * What one run of the CLI has done so far, built from its events: the outline of steps, the
 * result, the last text. Fed from the run's output thread while others read it, so it is
 * thread-safe. It keeps previews only, never whole tool inputs or outputs.
 */
public final class RunTranscript {
    private final ToolInputPreview inputPreview = new ToolInputPreview();
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Integer> openToolCalls = new HashMap<>();
    private StreamEvent.Init init;
    private StreamEvent.Result result;
    private String lastText = "";

    public synchronized void accept(StreamEvent event) {
        if (event instanceof StreamEvent.Init i) {
            init = i;
        } else if (event instanceof StreamEvent.AssistantText t && !t.text().isBlank()) {
            steps.add(Step.text(t.text()));
            lastText = t.text();
        } else if (event instanceof StreamEvent.ToolCall call) {
            steps.add(Step.toolCall(call.name(), inputPreview.of(call.input())));
            openToolCalls.put(call.id(), steps.size() - 1);
        } else if (event instanceof StreamEvent.ToolResult r) {
            Integer index = openToolCalls.remove(r.toolUseId());
            if (index != null) {
                steps.set(index, steps.get(index).withResult(r.content(), r.isError()));
            }
        } else if (event instanceof StreamEvent.Result r) {
            result = r;
        }
    }

    /** Accepts each event of a parsed line. */
    public void acceptAll(List<StreamEvent> events) {
        events.forEach(this::accept);
    }

    /** Text steps and tool_call steps, in order; a tool call's output preview once its result came. */
    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The run's result event, the last one if the CLI printed several. */
    public synchronized Optional<StreamEvent.Result> result() {
        return Optional.ofNullable(result);
    }

    /** The {@code system/init} event, once it arrived. */
    public synchronized Optional<StreamEvent.Init> init() {
        return Optional.ofNullable(init);
    }

    /** The last non-blank assistant text, or "": the output when the result's text is empty. */
    public synchronized String lastText() {
        return lastText;
    }
}
