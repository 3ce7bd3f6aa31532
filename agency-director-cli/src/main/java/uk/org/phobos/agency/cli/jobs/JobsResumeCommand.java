package uk.org.phobos.agency.cli.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs resume NAME}. */
@Command(
        name = "resume",
        description = "Resume a paused job (POST /jobs/{name}/resume): it runs on its schedule again, from now on.",
        footerHeading = "%nExamples:%n",
        footer = {"  ag jobs resume nightly-deps", "%nExit codes: 0 resumed, 1 no such job, 3 no scheduler reachable."})
public final class JobsResumeCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    public JobsResumeCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        JsonObject job = scheduler.jobs(services).resume(name);
        if (output.json()) {
            output.json(job);
            return ExitCode.OK.code();
        }
        String next = new JobsView(output.style(), services.clock().instant()).nextRun(job);
        output.line("job " + name + " resumed"
                + (next != null
                        ? ": next run " + next
                        : ", but it is disabled: it runs only by hand (`ag jobs run " + name + "`)"));
        return ExitCode.OK.code();
    }
}
