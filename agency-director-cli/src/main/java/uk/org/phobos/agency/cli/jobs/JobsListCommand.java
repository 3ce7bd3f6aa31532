package uk.org.phobos.agency.cli.jobs;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs list}. */
@Command(
        name = "list",
        description = "List the scheduler's jobs (GET /jobs): name, schedule, time zone, whether enabled or paused,"
                + " the next run (UTC), and the last run with its outcome.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs list",
            "  ag jobs list --scheduler https://127.0.0.1:9100 --json | jq -r '.jobs[].name'",
            "%nExit codes: 0 listed, 3 no scheduler reachable."
        })
public final class JobsListCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    public JobsListCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        SchedulerJobs jobs = scheduler.jobs(services);
        JsonObject answer = jobs.list();
        if (output.json()) {
            output.json(answer);
            return ExitCode.OK.code();
        }
        List<JsonObject> list = answer.objects("jobs");
        if (list.isEmpty()) {
            output.line("no jobs yet");
            output.note("Add one with `ag jobs add NAME --schedule CRON --prompt TEXT` (`ag jobs add --help`).");
            return ExitCode.OK.code();
        }
        new JobsView(output.style(), services.clock().instant()).jobs(list).forEach(output::line);
        output.note(list.size() + " job" + (list.size() == 1 ? "" : "s") + " on " + jobs.url());
        return ExitCode.OK.code();
    }
}
