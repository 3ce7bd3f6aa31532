package uk.org.phobos.agency.cli.task;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.fleet.FleetFinder;
import uk.org.phobos.agency.cli.out.Output;

/** {@code ag show TASK}. */
@Command(
        name = "show",
        description = "Show a task: prompt, state, error, steps (tool calls), output, tokens and cost. Without --agent,"
                + " every discovered agent is asked for it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag show 5d0c2c3e-...",
            "  ag show 5d0c2c3e-... --json | jq .output",
            "%nExit codes: 0 shown, 1 no agent knows the task, 3 no agent reachable."
        })
public final class ShowCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    TaskReference target = new TaskReference();

    public ShowCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        String taskId = target.taskId();
        FleetFinder.Located found = new TaskLookup(services).find(taskId, target.namedAgent());
        if (output.json()) {
            output.json(found.task());
        } else {
            new TaskPrinter(output.style())
                    .full(services.records().task(found.task()), "on " + found.agent())
                    .forEach(output::line);
        }
        return ExitCode.OK.code();
    }
}
