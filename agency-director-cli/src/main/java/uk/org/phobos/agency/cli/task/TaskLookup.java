package uk.org.phobos.agency.cli.task;

import java.net.URI;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.fleet.FleetFinder;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/** The agent a task lives on: the one named with {@code --agent}, else whichever discovered agent knows it. */
final class TaskLookup {
    private final CliServices services;

    TaskLookup(CliServices services) {
        this.services = services;
    }

    FleetFinder.Located find(String taskId, URI agent) {
        if (agent != null) {
            try {
                return new FleetFinder.Located(agent, services.api().task(TaskAddress.agent(agent, taskId)));
            } catch (ApiException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    throw TaskReference.unknownOn(agent, taskId, e);
                }
                throw e;
            }
        }
        return services.finder().locateTask(taskId);
    }
}
