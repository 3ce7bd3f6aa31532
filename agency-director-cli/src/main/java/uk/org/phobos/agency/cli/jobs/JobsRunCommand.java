package uk.org.phobos.agency.cli.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs run NAME}. */
@Command(
        name = "run",
        description = {
            "Run a job now (POST /jobs/{name}/run), also when it is paused or disabled, under its overlap and"
                    + " workspace rules. The scheduler answers once the task was accepted or refused (or after 10 s);"
                    + " the run then shows in `ag jobs runs NAME`.",
            "A run that was skipped (no web view or agent reachable, the agent busy, an earlier run still going)"
                    + " ends the command with the reason."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs run nightly-deps",
            "  ag jobs run nightly-deps --json | jq -r .task_id",
            "%nExit codes: 0 submitted (or queued), 1 skipped_error or no such job, 3 no scheduler reachable,"
                    + " 4 skipped_busy or skipped_overlap."
        })
public final class JobsRunCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    public JobsRunCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        JsonObject run = scheduler.jobs(services).run(name);
        if (output.json()) {
            output.json(run);
        }
        String runId = run.string("run_id");
        String outcome = run.string("outcome");
        if (outcome != null && outcome.startsWith("skipped")) {
            throw new CliException(
                    "skipped_error".equals(outcome) ? ExitCode.FAILED : ExitCode.BUSY,
                    "job " + name + ": run " + runId + " " + outcome
                            + (run.has("error") ? ": " + JobsView.oneLine(run.string("error")) : ""));
        }
        if (!output.json()) {
            output.line(describe(run, runId, outcome));
        }
        return ExitCode.OK.code();
    }

    private String describe(JsonObject run, String runId, String outcome) {
        String start = "job " + name + ": run " + runId + " ";
        if ("submitted".equals(outcome)) {
            String taskId = run.string("task_id");
            String agent = run.string("agent_url");
            return start + "submitted: task " + taskId + (agent == null ? "" : " on " + agent)
                    + (run.has("via") ? " (via " + run.string("via") + ")" : "") + ". Watch it with `ag show " + taskId
                    + "`.";
        }
        if ("queued".equals(run.string("status"))) {
            return start + "queued: it starts when the job's previous run (or its workspace) is free";
        }
        return start + (outcome != null ? outcome : run.string("status")) + ": `ag jobs runs " + name
                + "` shows how it goes";
    }
}
