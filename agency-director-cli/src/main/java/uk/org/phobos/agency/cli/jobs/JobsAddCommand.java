package uk.org.phobos.agency.cli.jobs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.task.PromptReader;
import uk.org.phobos.agency.core.service.DurationConverter;

/** {@code ag jobs add NAME --schedule CRON --prompt TEXT ...}. */
@Command(
        name = "add",
        description = {
            "Add a job to the scheduler (POST /jobs). The scheduler checks the whole job and names every bad field;"
                    + " see docs/scheduler.md for the cron syntax, time zones, overlap and catch-up.",
            "The prompt comes from --prompt, from -f FILE, or from stdin (--prompt -, or a pipe)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs add nightly-deps --schedule \"30 2 * * *\" --time-zone Europe/London \\",
            "      --prompt \"Update the dependencies and open a pull request\"",
            "  ag jobs add weekly-clean --schedule \"0 4 * * sun\" -f clean.md \\",
            "      --workspace repo-main --overlap queue --timeout 1h",
            "  ag jobs add by-hand --schedule @daily --prompt \"Tidy up\" --disabled",
            "%nExit codes: 0 added, 1 the name is taken, 2 usage error or a field the scheduler refused, 3 no scheduler"
                    + " reachable."
        })
public final class JobsAddCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The job's name: letters, digits, . _ - (at most 128), unique on the scheduler.")
    String name;

    @Option(
            names = "--schedule",
            required = true,
            paramLabel = "CRON",
            description = "Five cron fields (minute hour day-of-month month day-of-week) or a macro such as"
                    + " @daily, e.g. \"30 2 * * *\", \"0 4 * * sun\", \"*/15 9-17 * * mon-fri\".")
    String schedule;

    @Option(
            names = "--prompt",
            paramLabel = "TEXT",
            description = "The prompt each run gives the agent; '-' reads it from stdin.")
    String prompt;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the prompt from FILE.")
    Path file;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            description =
                    "The IANA zone the schedule is read in, e.g. Europe/London (default: the scheduler" + " host's).")
    String timeZone;

    @Option(names = "--model", paramLabel = "MODEL", description = "e.g. sonnet, opus (the agent's allow list).")
    String model;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Each run's time limit, e.g. 90s, 45m, 2h (default: the agent's).")
    Duration timeout;

    @Option(
            names = "--agent",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "The agent for this job's runs when the web view cannot be reached (default: the"
                    + " scheduler's --agent-url).")
    URI agent;

    @Option(
            names = "--workspace",
            paramLabel = "NAME",
            description = "A lock name: jobs sharing a workspace never run at once.")
    String workspace;

    @Option(
            names = "--overlap",
            paramLabel = "skip|queue|allow",
            description = "When the job is due while its previous run is still going: skip it (default), queue it,"
                    + " or allow both.")
    String overlap;

    @Option(
            names = "--catch-up",
            paramLabel = "none|once",
            description = "Runs missed while the scheduler was down: run the latest once (default), or none.")
    String catchUp;

    @Option(names = "--disabled", description = "Add it disabled: it runs only by hand (`ag jobs run NAME`).")
    boolean disabled;

    public JobsAddCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        String text = prompt();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("schedule", schedule);
        putIfPresent(job, "time_zone", timeZone);
        job.put("prompt", text);
        putIfPresent(job, "model", model);
        if (timeout != null) {
            job.put("timeout_seconds", Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        }
        putIfPresent(job, "agent_url", agent == null ? null : agent.toString());
        putIfPresent(job, "workspace", workspace);
        putIfPresent(job, "overlap", overlap);
        putIfPresent(job, "catch_up", catchUp);
        if (disabled) {
            job.put("enabled", false);
        }
        Output output = services.output();
        SchedulerJobs jobs = scheduler.jobs(services);
        JsonObject created = jobs.create(name, job);
        if (output.json()) {
            output.json(created);
            return ExitCode.OK.code();
        }
        JobsView view = new JobsView(output.style(), services.clock().instant());
        String next = view.nextRun(created);
        output.line("job " + name + " added"
                + (next != null ? ": next run " + next : ": it runs only by hand (`ag jobs run " + name + "`)"));
        return ExitCode.OK.code();
    }

    private String prompt() {
        if (prompt != null && file != null) {
            throw new CliException(ExitCode.USAGE, "give the prompt either with --prompt or with -f FILE, not both");
        }
        if (prompt == null && file == null && services.environment().stdinTerminal()) {
            throw new CliException(
                    ExitCode.USAGE, "no prompt: give it with --prompt TEXT, with -f FILE, or on stdin with --prompt -");
        }
        return new PromptReader(services.environment()).read(prompt, file);
    }

    private static void putIfPresent(Map<String, Object> job, String field, Object value) {
        if (value != null) {
            job.put(field, value);
        }
    }
}
