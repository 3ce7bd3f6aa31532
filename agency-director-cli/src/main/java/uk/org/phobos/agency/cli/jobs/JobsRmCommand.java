package uk.org.phobos.agency.cli.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs rm NAME}. */
@Command(
        name = "rm",
        description = "Remove a job and its run history (DELETE /jobs/{name}). Tasks it started go on at their"
                + " agents. Jobs from the scheduler's jobs file are removed by editing that file.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs rm nightly-deps",
            "%nExit codes: 0 removed, 1 no such job (or it comes from the jobs file), 3 no scheduler reachable."
        })
public final class JobsRmCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    public JobsRmCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        JsonObject deleted = scheduler.jobs(services).delete(name);
        if (output.json()) {
            output.json(deleted);
        } else {
            output.line("job " + name + " removed, with its run history");
        }
        return ExitCode.OK.code();
    }
}
