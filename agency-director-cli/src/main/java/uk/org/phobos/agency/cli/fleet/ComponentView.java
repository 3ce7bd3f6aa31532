package uk.org.phobos.agency.cli.fleet;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.cli.api.ApiRecords;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.core.api.CurrentTask;
import uk.org.phobos.agency.core.api.StatusReport;

/** How a component's status reads as text: one block for {@code ag status}, one row for {@code ag discover}. */
final class ComponentView {
    private final ApiRecords records;
    private final Style style;

    ComponentView(ApiRecords records, Style style) {
        this.records = records;
        this.style = style;
    }

    List<String> block(URI url, StatusReport status, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(style.bold(status.name()) + "  " + status.type().wireName() + "  " + style.state(status.state())
                + "  " + status.version() + "  up " + new HumanDuration(Duration.ofSeconds(status.uptimeSeconds())));
        lines.add("  url      " + url);
        if (status.startedAt() != null) {
            lines.add("  started  " + status.startedAt());
        }
        CurrentTask current = records.currentTask(status);
        if (current != null) {
            lines.add("  task     " + current.taskId() + running(current, now) + preview(current));
        } else if (status.details().containsKey("current_task")) {
            lines.add("  task     none");
        }
        if (status.details().get("runner") instanceof JsonObject runner) {
            lines.add("  runner   " + runner.string("kind") + " " + runner.string("version") + " ("
                    + runner.string("binary") + ")");
        }
        if (status.details().get("problem") instanceof String problem) {
            lines.add("  problem  " + style.red(problem));
        }
        if (!status.config().isEmpty()) {
            lines.add("  config   " + config(status.config()));
        }
        return lines;
    }

    String currentTask(StatusReport status, Instant now) {
        CurrentTask current = records.currentTask(status);
        if (current == null) {
            return "-";
        }
        return current.taskId() + running(current, now);
    }

    private static String running(CurrentTask current, Instant now) {
        if (current.startedAt() == null) {
            return "";
        }
        return " (" + new HumanDuration(Duration.between(current.startedAt(), now)) + ")";
    }

    private static String preview(CurrentTask current) {
        String preview = current.promptPreview();
        if (preview == null || preview.isBlank()) {
            return "";
        }
        String oneLine = preview.replaceAll("\\s+", " ").strip();
        return " \"" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine) + "\"";
    }

    private static String config(Map<String, Object> config) {
        List<String> pairs = new ArrayList<>();
        config.forEach((name, value) -> {
            if (value != null) {
                pairs.add(name + "=" + configValue(value));
            }
        });
        return String.join(", ", pairs);
    }

    /** A nested object reads as {@code {name=value, ...}} and an array as {@code [a, b]}, at any depth. */
    private static String configValue(Object value) {
        if (value instanceof JsonObject object) {
            return "{" + config(object.fields()) + "}";
        }
        if (value instanceof List<?> items) {
            List<String> shown = new ArrayList<>();
            for (Object item : items) {
                shown.add(item == null ? "null" : configValue(item));
            }
            return "[" + String.join(", ", shown) + "]";
        }
        return String.valueOf(value);
    }
}
