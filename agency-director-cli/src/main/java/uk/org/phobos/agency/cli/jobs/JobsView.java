package uk.org.phobos.agency.cli.jobs;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.cli.out.Table;

/**
 * How jobs and runs read as text. Times are UTC, as the API gives them ({@code next_run_at} is UTC whatever
 * the job's zone), with how far off they are.
 */
final class JobsView {
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Style style;
    private final Instant now;

    JobsView(Style style, Instant now) {
        this.style = style;
        this.now = now;
    }

    /** NAME, SCHEDULE, TIME ZONE, STATE, NEXT RUN, LAST RUN, OUTCOME (of the last run). */
    List<String> jobs(List<JsonObject> jobs) {
        Table table = new Table("NAME", "SCHEDULE", "TIME ZONE", "STATE", "NEXT RUN", "LAST RUN", "OUTCOME");
        for (JsonObject job : jobs) {
            JsonObject last = job.object("last_run");
            table.row(
                    job.string("name"),
                    job.string("schedule"),
                    job.has("time_zone") ? job.string("time_zone") : "(host's)",
                    state(job),
                    nextRun(job),
                    last == null
                            ? null
                            : ago(last.has("started_at") ? last.instant("started_at") : last.instant("scheduled_for")),
                    last == null ? null : outcome(last));
        }
        return table.lines(style);
    }

    /** RUN, SCHEDULED FOR, STARTED, OUTCOME, TASK, AGENT, FINAL STATE, ERROR; newest first, as sent. */
    List<String> runs(List<JsonObject> runs) {
        Table table = new Table("RUN", "SCHEDULED FOR", "STARTED", "OUTCOME", "TASK", "AGENT", "FINAL STATE", "ERROR");
        for (JsonObject run : runs) {
            table.row(
                    run.string("run_id"),
                    at(run.instant("scheduled_for"), MINUTE),
                    at(run.instant("started_at"), SECOND),
                    outcomeOnly(run),
                    run.string("task_id"),
                    authority(run.string("agent_url")),
                    finalState(run),
                    run.has("error") ? oneLine(run.string("error")) : null);
        }
        return table.lines(style);
    }

    /** {@code enabled}, {@code paused} or {@code disabled}, and {@code running} while a run is going. */
    String state(JsonObject job) {
        String state;
        if (Boolean.TRUE.equals(job.bool("paused"))) {
            state = style.yellow("paused");
        } else if (Boolean.FALSE.equals(job.bool("enabled"))) {
            state = style.dim("disabled");
        } else {
            state = "enabled";
        }
        if (!job.array("running_run_ids").isEmpty()) {
            state += ", " + style.cyan("running");
        }
        if (job.has("queued_run_id")) {
            state += ", 1 queued";
        }
        return state;
    }

    /** {@code 2026-11-26 02:30Z (in 5h03m)}; null when the job has no next run (paused, disabled). */
    String nextRun(JsonObject job) {
        Instant next = job.instant("next_run_at");
        if (next == null) {
            return null;
        }
        Duration until = Duration.between(now, next);
        return MINUTE.format(next) + (until.isNegative() ? " (due)" : " (in " + new HumanDuration(until) + ")");
    }

    /** The outcome, and how the task ended once it has: {@code submitted → completed}, {@code skipped_error}. */
    String outcome(JsonObject run) {
        String outcome = outcomeOnly(run);
        if (!"submitted".equals(run.string("outcome"))) {
            return outcome;
        }
        if (run.has("final_state")) {
            return outcome + " → " + style.state(run.string("final_state"));
        }
        return "tracking".equals(run.string("status")) ? outcome + " → " + style.cyan("running") : outcome;
    }

    private String outcomeOnly(JsonObject run) {
        String outcome = run.string("outcome");
        if (outcome == null) {
            // queued or submitting: no outcome yet
            return style.yellow(run.has("status") ? run.string("status") : "-");
        }
        return switch (outcome) {
            case "submitted" -> style.green(outcome);
            case "skipped_error" -> style.red(outcome);
            default -> style.yellow(outcome);
        };
    }

    private String finalState(JsonObject run) {
        if (run.has("final_state")) {
            return style.state(run.string("final_state"));
        }
        if ("tracking".equals(run.string("status"))) {
            return style.cyan("running") + (run.has("task_state") ? " (" + run.string("task_state") + ")" : "");
        }
        return null;
    }

    private String ago(Instant at) {
        return at == null ? null : new HumanDuration(Duration.between(at, now)) + " ago";
    }

    private static String at(Instant instant, DateTimeFormatter format) {
        return instant == null ? null : format.format(instant);
    }

    private static String authority(String url) {
        if (url == null) {
            return null;
        }
        try {
            String authority = URI.create(url).getRawAuthority();
            return authority == null ? url : authority;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
