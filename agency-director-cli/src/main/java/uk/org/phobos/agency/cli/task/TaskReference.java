package uk.org.phobos.agency.cli.task;

import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.core.api.ApiException;

/** The task a command acts on, and the agent holding it: named with --agent, else found on the fleet. */
public final class TaskReference {
    @Parameters(index = "0", paramLabel = "TASK", description = "The task id.")
    String taskId;

    @Option(
            names = "--agent",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "The agent holding the task (default: ask every discovered agent).")
    URI agent;

    String taskId() {
        return taskId;
    }

    /** The agent named with --agent, or null when the fleet is to be asked. */
    URI namedAgent() {
        return agent;
    }

    /**
     * Exit 1 for a task the agent named with --agent does not know ({@code not_found}), in one line that says what
     * to do.
     */
    static CliException unknownOn(URI agent, String taskId, ApiException notFound) {
        return new CliException(
                ExitCode.FAILED,
                agent + " does not know task " + taskId + " ("
                        + notFound.error().message() + "). Check the id with"
                        + " `ag history`, or leave out --agent to ask every agent discovery finds.",
                notFound);
    }

    /** The agent named with --agent, else the discovered agent that knows the task. */
    URI agent(CliServices services) {
        return agent != null
                ? agent
                : new TaskLookup(services).find(taskId, null).agent();
    }
}
