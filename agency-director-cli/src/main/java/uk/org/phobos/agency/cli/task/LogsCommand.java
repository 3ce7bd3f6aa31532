package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/** {@code ag logs TASK}: the raw stream-json lines the CLI printed. */
@Command(
        name = "logs",
        description = "Print a task's raw debug stream: the stream-json lines its Claude Code CLI printed (agents keep"
                + " them for their newest 20 tasks).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag logs 5d0c2c3e-... | jq -c 'select(.type == \"assistant\")'",
            "%nExit codes: 0 printed (nothing, and a note on stderr, when the agent no longer keeps the stream), 1 no"
                    + " agent knows the task, 3 no agent reachable."
        })
public final class LogsCommand implements Callable<Integer> {
    private final CliServices services;

    @Mixin
    TaskReference target = new TaskReference();

    public LogsCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        String taskId = target.taskId();
        URI where = target.agent(services);
        JsonObject debug;
        try {
            debug = services.api().debug(where, taskId);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                // An agent answers 404 only for a task it does not know; one whose stream it no longer keeps
                // gets no lines.
                throw TaskReference.unknownOn(where, taskId, e);
            }
            throw e;
        }
        if (output.json()) {
            output.json(debug);
            return ExitCode.OK.code();
        }
        List<Object> lines = debug.array("lines");
        for (Object line : lines) {
            output.line(String.valueOf(line));
        }
        if (lines.isEmpty()) {
            output.note("ag: " + where + " keeps no raw stream for task " + taskId
                    + ": agents keep it for their newest 20 tasks (and a task that has just started has printed"
                    + " nothing yet). `ag show " + taskId + "` still has its outcome and steps.");
        }
        return ExitCode.OK.code();
    }
}
