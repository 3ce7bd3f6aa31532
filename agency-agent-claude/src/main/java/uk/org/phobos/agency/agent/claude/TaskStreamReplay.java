package uk.org.phobos.agency.agent.claude;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Usage;

/**
 * Rebuilds what the runs of a task did from its raw stream-json lines, as the task's record sums
 * them up while it runs: one {@link RunTranscript} per run, a run starting at each {@code
 * system/init} (the first line every run of the CLI prints). For a task whose agent died while it
 * ran. Lines that are not JSON (a torn last line, say) add nothing. Not thread-safe.
 */
public final class TaskStreamReplay implements Consumer<String> {
    private final StreamJsonParser parser;
    private final List<RunTranscript> runs = new ArrayList<>();
    private RunTranscript current;

    public TaskStreamReplay(StreamJsonParser parser) {
        this.parser = parser;
    }

    /** Replays {@code lines} in order. */
    public static TaskStreamReplay of(StreamJsonParser parser, Iterable<String> lines) {
        TaskStreamReplay replay = new TaskStreamReplay(parser);
        lines.forEach(replay);
        return replay;
    }

    /** Takes the next raw line of the stream. */
    @Override
    public void accept(String rawLine) {
        for (StreamEvent event : parser.parse(rawLine)) {
            if (current == null || (event instanceof StreamEvent.Init && hasBegun(current))) {
                current = new RunTranscript();
                runs.add(current);
            }
            current.accept(event);
        }
    }

    private static boolean hasBegun(RunTranscript run) {
        return run.init().isPresent()
                || run.result().isPresent()
                || !run.steps().isEmpty();
    }

    /** The runs seen so far, in order. */
    public List<RunTranscript> runs() {
        return List.copyOf(runs);
    }

    /** The steps of every run, in order. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        runs.forEach(run -> steps.addAll(run.steps()));
        return steps;
    }

    /** Whether any run printed its result. */
    public boolean hasResult() {
        return runs.stream().anyMatch(run -> run.result().isPresent());
    }

    /** The tokens of every run's result, summed. */
    public Usage usage() {
        Usage usage = Usage.NONE;
        for (RunTranscript run : runs) {
            Optional<StreamEvent.Result> result = run.result();
            if (result.isPresent() && result.get().usage() != null) {
                usage = usage.plus(result.get().usage());
            }
        }
        return usage;
    }

    /** The cost of every run (each its own, as in {@link StreamEvent.Result#runCostUsd()}), summed. */
    public double costUsd() {
        return runs.stream()
                .flatMap(run -> run.result().stream())
                .mapToDouble(StreamEvent.Result::runCostUsd)
                .sum();
    }

    /** The turns of every run's result, summed. */
    public int numTurns() {
        return runs.stream()
                .flatMap(run -> run.result().stream())
                .mapToInt(StreamEvent.Result::numTurns)
                .sum();
    }

    /**
     * The task's output so far: the text of the last run that had one, its result's text or else
     * its last assistant text; empty when no run had any.
     */
    public Optional<String> output() {
        String output = null;
        for (RunTranscript run : runs) {
            String text = run.result()
                    .map(StreamEvent.Result::result)
                    .filter(r -> !r.isBlank())
                    .orElse(null);
            if (text == null && !run.lastText().isBlank()) {
                text = run.lastText();
            }
            if (text != null) {
                output = text;
            }
        }
        return Optional.ofNullable(output);
    }
}
