package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/** {@code ag cancel TASK}. */
@Command(
        name = "cancel",
        description = "Cancel a running task: its agent ends the CLI and everything it started. Without --agent,"
                + " every discovered agent is asked for the task.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag cancel 5d0c2c3e-...",
            "%nExit codes: 0 cancelled, 1 it had already ended or no agent knows it, 3 no agent reachable."
        })
public final class CancelCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    TaskReference target = new TaskReference();

    public CancelCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        String taskId = target.taskId();
        URI where = target.agent(services);
        JsonObject task;
        try {
            task = services.api().cancel(where, taskId);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.ALREADY_COMPLETED) {
                Object finalState = e.error().details().get("final_state");
                throw new CliException(
                        ExitCode.FAILED,
                        "task " + taskId + " had already ended" + (finalState == null ? "" : " (" + finalState + ")")
                                + ": nothing to cancel");
            }
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw TaskReference.unknownOn(where, taskId, e);
            }
            throw e;
        }
        if (output.json()) {
            output.json(task);
        } else {
            output.line("task " + taskId + " " + output.style().state(task.string("state")) + " on " + where);
        }
        return ExitCode.OK.code();
    }
}
