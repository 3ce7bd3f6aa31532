package uk.org.phobos.agency.cli.task;

import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;

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

    /** The agent named with --agent, else the discovered agent that knows the task. */
    URI agent(CliServices services) {
        return agent != null
                ? agent
                : new TaskLookup(services).find(taskId, null).agent();
    }
}
