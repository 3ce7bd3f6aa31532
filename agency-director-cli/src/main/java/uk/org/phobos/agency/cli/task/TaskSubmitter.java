package uk.org.phobos.agency.cli.task;

import java.net.URI;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.fleet.FleetFinder;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;

/**
 * Sends a task where {@link TaskTarget} says. Through the web view when asked (so the session shows on the
 * dashboard); only when the web view cannot be reached at all does the task go to an agent directly, and
 * stderr says so. An answer from the web view, even a refusal, is final.
 */
public final class TaskSubmitter {
    private final AgencyApi api;
    private final FleetFinder finder;
    private final Output output;

    public TaskSubmitter(AgencyApi api, FleetFinder finder, Output output) {
        this.api = api;
        this.finder = finder;
        this.output = output;
    }

    public Submission submit(TaskRequest request, TaskTarget target) {
        if (target.webView() != null) {
            try {
                JsonObject created = api.submitToWebView(target.webView(), request);
                String taskId = requireTaskId(target.webView(), created);
                String agentUrl = created.string("agent_url");
                TaskAddress address = agentUrl == null
                        ? TaskAddress.webView(target.webView(), taskId)
                        : TaskAddress.agent(URI.create(agentUrl), taskId);
                return new Submission(address, taskId, created.string("session_id"), created);
            } catch (ComponentUnreachableException e) {
                output.note("ag: the web view cannot be reached (" + e.getMessage()
                        + "); sending the task to an agent directly, so it will not show on the dashboard.");
            }
        }
        URI agent = chooseAgent(request, target);
        JsonObject created = api.submit(agent, request);
        String taskId = requireTaskId(agent, created);
        return new Submission(TaskAddress.agent(agent, taskId), taskId, created.string("session_id"), created);
    }

    private URI chooseAgent(TaskRequest request, TaskTarget target) {
        if (target.agent() != null) {
            return target.agent();
        }
        if (request.sessionId() != null && !target.newSession()) {
            return finder.sessionHolder(request.sessionId())
                    .orElseThrow(() -> new CliException(
                            ExitCode.FAILED,
                            "No agent knows session " + request.sessionId() + ". Leave out --session to start a new"
                                    + " one, add --new-session to start one with this id, or name the agent with"
                                    + " --agent URL."));
        }
        return finder.idleAgent();
    }

    private static String requireTaskId(URI where, JsonObject created) {
        String taskId = created.string("task_id");
        if (taskId == null || taskId.isBlank()) {
            throw new CliException(ExitCode.FAILED, where + " accepted the task but sent no task_id");
        }
        return taskId;
    }
}
