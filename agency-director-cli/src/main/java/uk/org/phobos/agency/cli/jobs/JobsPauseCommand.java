package uk.org.phobos.agency.cli.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag jobs pause NAME}. */
@Command(
        name = "pause",
        description = "Pause a job (POST /jobs/{name}/pause): it has no scheduled runs until it is resumed, and the"
                + " times it would have run are not caught up later. `ag jobs run` still runs it by hand.",
        footerHeading = "%nExamples:%n",
        footer = {"  ag jobs pause nightly-deps", "%nExit codes: 0 paused, 1 no such job, 3 no scheduler reachable."})
public final class JobsPauseCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    SchedulerOption scheduler = new SchedulerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The job.")
    String name;

    public JobsPauseCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        JsonObject job = scheduler.jobs(services).pause(name);
        if (output.json()) {
            output.json(job);
        } else {
            output.line("job " + name + " paused: no scheduled runs until `ag jobs resume " + name + "`");
        }
        return ExitCode.OK.code();
    }
}
