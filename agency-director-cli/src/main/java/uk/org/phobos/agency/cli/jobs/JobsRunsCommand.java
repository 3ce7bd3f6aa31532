package uk.org.phobos.agency.cli.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs runs NAME}. */
@Command(
        name = "runs",
        description = "A job's runs, newest first (GET /jobs/{name}/runs): run id, when it was due (UTC), when it"
                + " started, its outcome (submitted, skipped_busy, skipped_overlap, skipped_error, missed), the task"
                + " and agent, the task's final state, and why a run was skipped.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs runs nightly-deps",
            "  ag jobs runs nightly-deps --limit 5 --json | jq -r '.runs[].outcome'",
            "%nExit codes: 0 listed, 1 no such job, 3 no scheduler reachable."
        })
public final class JobsRunsCommand implements Callable<Integer> {
    /** The most runs a scheduler keeps per job. */
    private static final int MAX_LIMIT = 1000;

    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "The newest N runs, 1-" + MAX_LIMIT + " (default 20; also cuts the runs of --json).")
    int limit;

    public JobsRunsCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CliException(ExitCode.USAGE, "--limit must be 1-" + MAX_LIMIT);
        }
        Output output = services.output();
        JsonObject answer = scheduler.jobs(services).runs(name);
        List<Object> all = answer.array("runs");
        if (output.json()) {
            if (all.size() <= limit) {
                output.json(answer);
            } else {
                Map<String, Object> cut = new LinkedHashMap<>(answer.fields());
                cut.put("runs", all.subList(0, limit));
                output.json(cut);
            }
            return ExitCode.OK.code();
        }
        List<JsonObject> runs = answer.objects("runs");
        if (runs.isEmpty()) {
            output.line("no runs yet");
            output.note("Run it now with `ag jobs run " + name + "`.");
            return ExitCode.OK.code();
        }
        List<JsonObject> shown = runs.subList(0, Math.min(limit, runs.size()));
        new JobsView(output.style(), services.clock().instant()).runs(shown).forEach(output::line);
        String count = runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " of job " + name;
        output.note(shown.size() < runs.size() ? "the newest " + shown.size() + " of " + count : count);
        return ExitCode.OK.code();
    }
}
