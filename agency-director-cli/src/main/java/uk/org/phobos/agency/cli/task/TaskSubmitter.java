package uk.org.phobos.agency.cli.task;

import java.net.URI;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.fleet.FleetFinder;
import uk.org.phobos.agency.cli.http.ComponentNoAnswerException;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;

/**
 * Sends a task where {@link TaskTarget} says. Through the web view when asked (so the session shows on the
 * dashboard); only when the web view cannot be reached at all (no connection, or the TLS handshake failed:
 * the request never went out) does the task go to an agent directly, and stderr says so. An answer from the
 * web view, even a refusal, is final, and so is the lack of one once the request went out: the web view may
 * have taken the task, and sending it to an agent as well could run it twice.
 *
 * <p>The web view answers {@code 201} with the agent's task id and {@code agent_url} when an agent took the
 * task at once, and {@code 202} with a queue id ({@code q-...}, {@code state: queued}) while it waits; then
 * {@code agent_url}, if present, only names the agent it waits for (a follow-up's session is pinned to its
 * agent). A queued task is followed through the web view, which resolves the queue id to the agent's task.
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
                return throughWebView(target.webView(), api.submitToWebView(target.webView(), request));
            } catch (ComponentUnreachableException e) {
                output.note("ag: the web view cannot be reached (" + e.getMessage()
                        + "); sending the task to an agent directly, so it will not show on the dashboard.");
            } catch (ComponentNoAnswerException e) {
                throw new CliException(
                        ExitCode.FAILED,
                        e.getMessage() + ". The web view may have accepted the task (it may be queued or running), so"
                                + " it was not sent to an agent as well: check the dashboard or `ag history` before"
                                + " sending it again.",
                        e);
            }
        }
        URI agent = chooseAgent(request, target);
        JsonObject created;
        try {
            created = api.submit(agent, request);
        } catch (ComponentNoAnswerException e) {
            throw new CliException(
                    ExitCode.FAILED,
                    e.getMessage() + ". The agent may have accepted the task: check with `ag history --agent " + agent
                            + "` before sending it again.",
                    e);
        }
        String taskId = requireTaskId(agent, created);
        return new Submission(TaskAddress.agent(agent, taskId), taskId, created.string("session_id"), created, null);
    }

    private static Submission throughWebView(URI web, JsonObject created) {
        String taskId = requireTaskId(web, created);
        TaskAddress webView = TaskAddress.webView(web, taskId);
        TaskAddress address = TaskWatcher.onItsAgent(created).orElse(webView);
        return new Submission(address, taskId, created.string("session_id"), created, webView);
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
