package uk.org.phobos.agency.scheduler.submit;

import java.net.URI;
import java.util.function.Supplier;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.run.Outcome;
import uk.org.phobos.agency.scheduler.run.Submission;
import uk.org.phobos.agency.scheduler.run.Via;
import uk.org.phobos.agency.scheduler.settings.SchedulerSettings;

/**
 * Where a run's task goes. With a web view configured, through its internal API ({@code POST
 * /api/task}, so the session shows on the dashboard); only when nobody answers there, straight to the
 * job's {@code agent_url} or the default agent, noting why. An answer from the web view, even a 4xx,
 * is final: it is not a reason to go round it. Blocking; the launcher calls it on its worker threads.
 */
public final class FleetTaskTarget {
    private final AgencyClient client;
    private final Supplier<SchedulerSettings> settings;

    public FleetTaskTarget(AgencyClient client, Supplier<SchedulerSettings> settings) {
        this.client = client;
        this.settings = settings;
    }

    public Submission submit(Job job) {
        TaskRequest request = new TaskRequest(
                job.spec().prompt(),
                null,
                null,
                job.spec().model(),
                job.spec().timeoutSeconds(),
                null,
                null,
                TaskSource.SCHEDULER,
                job.name());
        SchedulerSettings routing = settings.get();
        String fallbackReason = null;
        URI web = routing.webUrl();
        if (web != null) {
            try {
                SubmittedTask created = client.send(web, "POST", "/api/task", request, SubmittedTask.class);
                return submission(created, Via.WEB, web, "/api/task/", created.agentUrl(), null);
            } catch (ComponentUnreachableException e) {
                fallbackReason = e.getMessage();
            } catch (ApiException e) {
                throw refused("the web view " + web, e);
            }
        }
        URI agent = job.agentUrl() != null ? job.agentUrl() : routing.agentUrl();
        if (agent == null) {
            throw new SubmissionFailed(
                    Outcome.SKIPPED_ERROR,
                    web == null
                            ? "nowhere to send the task: no web view (--web-url) and no agent (the job's agent_url or "
                                    + "--agent-url)"
                            : fallbackReason + "; and there is no agent to fall back to (the job's agent_url or "
                                    + "--agent-url)");
        }
        try {
            SubmittedTask created = client.send(agent, "POST", "/task", request, SubmittedTask.class);
            return submission(created, Via.AGENT, agent, "/task/", agent.toString(), fallbackReason);
        } catch (ComponentUnreachableException e) {
            throw new SubmissionFailed(
                    Outcome.SKIPPED_ERROR,
                    e.getMessage()
                            + (fallbackReason == null
                                    ? ""
                                    : " (after the web view failed too: " + fallbackReason + ")"));
        } catch (ApiException e) {
            throw refused("agent " + agent, e);
        }
    }

    /** The task as it stands now, from wherever it was submitted. */
    public Task poll(Submission submission) {
        URI url = submission.taskUrl();
        return client.get(URI.create(url.getScheme() + "://" + url.getRawAuthority()), url.getRawPath(), Task.class);
    }

    private static Submission submission(
            SubmittedTask created, Via via, URI base, String taskPath, String agentUrl, String fallbackReason) {
        if (created == null || !SessionIds.isValid(created.taskId())) {
            throw new SubmissionFailed(
                    Outcome.SKIPPED_ERROR,
                    base + " accepted the task but answered without a usable task_id"
                            + (created == null ? "" : " ('" + created.taskId() + "')"));
        }
        return new Submission(
                created.taskId(),
                created.sessionId(),
                via,
                agentUrl,
                base.resolve(taskPath + created.taskId()),
                fallbackReason,
                created.state());
    }

    private static SubmissionFailed refused(String who, ApiException e) {
        String what = who + " answered " + e.httpStatus() + " " + e.error().error() + ": "
                + e.error().message();
        return new SubmissionFailed(
                e.code() == ErrorCode.AGENT_BUSY ? Outcome.SKIPPED_BUSY : Outcome.SKIPPED_ERROR, what);
    }
}
