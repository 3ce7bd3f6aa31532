package uk.org.phobos.agency.scheduler.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskRequestValidator;
import uk.org.phobos.agency.scheduler.cron.CronExpression;
import uk.org.phobos.agency.scheduler.cron.CronParser;
import uk.org.phobos.agency.scheduler.cron.CronSchedule;
import uk.org.phobos.agency.scheduler.cron.InvalidCronException;

/** Checks a {@link JobSpec} whole, naming every bad field, and turns it into a {@link Job}. */
public final class JobValidator {
    static final int MAX_WORKSPACE_LENGTH = 200;

    private final CronParser cron = new CronParser();
    private final TaskRequestValidator tasks = new TaskRequestValidator();
    private final ZoneId hostZone;

    /** {@code hostZone} is the zone of jobs that name none. */
    public JobValidator(ZoneId hostZone) {
        this.hostZone = hostZone;
    }

    public Job validate(JobSpec spec) {
        List<FieldProblem> problems = new ArrayList<>();
        checkName(spec.name(), problems);
        CronExpression expression = parseSchedule(spec.schedule(), problems);
        ZoneId zone = parseZone(spec.timeZone(), problems);
        checkPrompt(spec.prompt(), problems);
        checkModel(spec.model(), problems);
        if (spec.timeoutSeconds() != null
                && (spec.timeoutSeconds() < 1 || spec.timeoutSeconds() > TaskRequestValidator.MAX_TIMEOUT_SECONDS)) {
            problems.add(new FieldProblem(
                    "timeout_seconds", "must be between 1 and " + TaskRequestValidator.MAX_TIMEOUT_SECONDS));
        }
        URI agentUrl = parseAgentUrl(spec.agentUrl(), problems);
        checkWorkspace(spec.workspace(), problems);
        Overlap overlap = parseChoice("overlap", spec.overlap(), Overlap.class, Overlap.SKIP, problems);
        CatchUp catchUp = parseChoice("catch_up", spec.catchUp(), CatchUp.class, CatchUp.ONCE, problems);
        if (!problems.isEmpty()) {
            throw new InvalidJobException(problems);
        }
        boolean enabled = spec.enabled() == null || spec.enabled();
        JobSpec normalised = new JobSpec(
                spec.name(),
                spec.schedule().trim(),
                spec.timeZone(),
                spec.prompt(),
                spec.model(),
                spec.timeoutSeconds(),
                spec.agentUrl(),
                spec.workspace(),
                overlap.wireName(),
                enabled,
                catchUp.wireName());
        return new Job(
                normalised, new CronSchedule(expression, zone), overlap, catchUp, enabled, agentUrl, spec.workspace());
    }

    private static void checkName(String name, List<FieldProblem> problems) {
        if (name == null || name.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (!SessionIds.isValid(name)) {
            problems.add(new FieldProblem(
                    "name",
                    "must match " + SessionIds.PATTERN.pattern()
                            + " (letters, digits, '.', '_', '-'; at most 128; no '..'), got '" + shorten(name) + "'"));
        }
    }

    private CronExpression parseSchedule(String schedule, List<FieldProblem> problems) {
        if (schedule == null || schedule.isBlank()) {
            problems.add(new FieldProblem("schedule", "is required: five cron fields such as '0 3 * * *' or @daily"));
            return null;
        }
        try {
            return cron.parse(schedule);
        } catch (InvalidCronException e) {
            problems.add(new FieldProblem("schedule", e.getMessage()));
            return null;
        }
    }

    private ZoneId parseZone(String zone, List<FieldProblem> problems) {
        if (zone == null) {
            return hostZone;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(
                    "time_zone",
                    "'" + shorten(zone)
                            + "' is not an IANA time zone (such as Europe/London, America/New_York or UTC)"));
            return hostZone;
        }
    }

    private static void checkPrompt(String prompt, List<FieldProblem> problems) {
        if (prompt == null || prompt.isBlank()) {
            problems.add(new FieldProblem("prompt", "is required and must not be blank"));
        } else if (prompt.indexOf('\0') >= 0) {
            problems.add(new FieldProblem("prompt", "must not contain NUL characters"));
        }
    }

    private void checkModel(String model, List<FieldProblem> problems) {
        if (model == null) {
            return;
        }
        try {
            tasks.validate(new TaskRequest("check", null, null, model, null, null, null, null, null));
        } catch (ApiException e) {
            problems.add(new FieldProblem("model", "must be a model name such as 'sonnet' or 'claude-sonnet-4-5'"));
        }
    }

    private static URI parseAgentUrl(String text, List<FieldProblem> problems) {
        if (text == null) {
            return null;
        }
        String hint = "must be an agent's base URL such as https://127.0.0.1:9000";
        try {
            URI uri = new URI(text.trim());
            boolean bare = uri.getRawPath() == null
                    || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/");
            if (!"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null
                    || !bare
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                problems.add(new FieldProblem("agent_url", hint + " (https, no path), got '" + shorten(text) + "'"));
                return null;
            }
            return URI.create("https://" + uri.getRawAuthority());
        } catch (URISyntaxException e) {
            problems.add(new FieldProblem("agent_url", hint + ", got '" + shorten(text) + "'"));
            return null;
        }
    }

    private static void checkWorkspace(String workspace, List<FieldProblem> problems) {
        if (workspace == null) {
            return;
        }
        if (workspace.isBlank()
                || workspace.length() > MAX_WORKSPACE_LENGTH
                || workspace.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(
                    "workspace", "must be a non-blank name of at most " + MAX_WORKSPACE_LENGTH + " characters"));
        }
    }

    private static <E extends Enum<E>> E parseChoice(
            String field, String value, Class<E> type, E fallback, List<FieldProblem> problems) {
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problems.add(new FieldProblem(
                field, "must be one of " + String.join(", ", allowed) + ", got '" + shorten(value) + "'"));
        return fallback;
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
