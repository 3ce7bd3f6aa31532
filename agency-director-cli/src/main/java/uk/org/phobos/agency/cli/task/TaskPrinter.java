package uk.org.phobos.agency.cli.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;

/** A task as text: the full view of {@code ag show}, and the one-line outcome after {@code --wait}/{@code --follow}. */
final class TaskPrinter {
    private final Style style;

    TaskPrinter(Style style) {
        this.style = style;
    }

    List<String> full(Task task, String where) {
        List<String> lines = new ArrayList<>();
        lines.add(style.bold("task " + task.taskId()) + "  " + style.state(state(task))
                + (where == null ? "" : "  " + where));
        lines.add("  session   " + task.sessionId());
        lines.add("  source    " + (task.source() == null ? "-" : task.source().wireName())
                + (task.sourceRef() == null ? "" : " (" + task.sourceRef() + ")") + " · model " + task.model());
        lines.add("  created   " + task.createdAt()
                + (task.durationSeconds() == null ? "" : " · took " + HumanDuration.ofSeconds(task.durationSeconds()))
                + (task.numTurns() == null ? "" : " · " + task.numTurns() + (task.numTurns() == 1 ? " turn" : " turns"))
                + (task.attempts() == null || task.attempts() <= 1 ? "" : " · " + task.attempts() + " runs"));
        String usage = usage(task);
        if (!usage.isEmpty()) {
            lines.add("  usage     " + usage);
        }
        if (task.error() != null) {
            lines.add("  error     " + style.red(error(task.error())));
        }
        lines.add(style.bold("prompt"));
        indent(task.prompt(), lines);
        if (!task.steps().isEmpty()) {
            lines.add(style.bold("steps"));
            for (Step step : task.steps()) {
                lines.add("  " + step(step));
            }
        }
        if (task.output() != null && !task.output().isBlank()) {
            lines.add(style.bold("output"));
            indent(task.output(), lines);
        }
        return lines;
    }

    /** {@code ✓ completed in 12s · 3 turns · $0.0123 · session S}, or what went wrong. */
    String outcome(Task task) {
        StringBuilder line = new StringBuilder();
        boolean completed = task.state() == TaskState.COMPLETED;
        line.append(completed ? style.green("✓ ") : style.red("✗ ")).append(style.state(state(task)));
        if (task.error() != null) {
            line.append(": ").append(error(task.error()));
        }
        if (task.durationSeconds() != null) {
            line.append(" in ").append(HumanDuration.ofSeconds(task.durationSeconds()));
        }
        if (task.numTurns() != null) {
            line.append(" · ").append(task.numTurns()).append(task.numTurns() == 1 ? " turn" : " turns");
        }
        if (task.costUsd() != null) {
            line.append(" · ").append(cost(task.costUsd()));
        }
        line.append(" · task ").append(task.taskId()).append(" · session ").append(task.sessionId());
        return line.toString();
    }

    static String error(TaskError error) {
        return (error.type() == null ? "error" : error.type().wireName())
                + (error.message() == null ? "" : ": " + error.message());
    }

    private static String state(Task task) {
        return task.state() == null ? "unknown" : task.state().wireName();
    }

    private String step(Step step) {
        if (Step.TOOL_CALL.equals(step.type())) {
            String result = step.outputPreview() == null
                    ? ""
                    : "  " + (Boolean.TRUE.equals(step.isError()) ? style.red("✗") : style.green("✓")) + " "
                            + style.dim(OneLine.of(step.outputPreview(), 60));
            return style.cyan("→ " + step.tool()) + "  " + OneLine.of(step.inputPreview(), 70) + result;
        }
        return style.dim("text") + "  " + OneLine.of(step.inputPreview(), 90);
    }

    private static String usage(Task task) {
        List<String> parts = new ArrayList<>();
        Usage usage = task.usage();
        if (usage != null) {
            parts.add(usage.inputTokens() + " in / " + usage.outputTokens() + " out tokens");
            if (usage.cacheReadInputTokens() > 0 || usage.cacheCreationInputTokens() > 0) {
                parts.add("cache " + usage.cacheReadInputTokens() + " read / " + usage.cacheCreationInputTokens()
                        + " written");
            }
        }
        if (task.costUsd() != null) {
            parts.add(cost(task.costUsd()));
        }
        return String.join(" · ", parts);
    }

    private static String cost(double usd) {
        return String.format(Locale.ROOT, usd < 0.01 ? "$%.4f" : "$%.2f", usd);
    }

    private static void indent(String text, List<String> lines) {
        if (text == null) {
            lines.add("  -");
            return;
        }
        for (String line : text.strip().split("\n", -1)) {
            lines.add("  " + line);
        }
    }
}
