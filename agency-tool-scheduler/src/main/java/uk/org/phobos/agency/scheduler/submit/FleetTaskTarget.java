package uk.org.phobos.agency.scheduler.submit;

import java.net.URI;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.client.PathSegments;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.run.Outcome;
import uk.org.phobos.agency.scheduler.run.Submission;
import uk.org.phobos.agency.scheduler.run.Via;
import uk.org.phobos.agency.scheduler.settings.SchedulerSettings;

/**
 * Where a run's task goes. With a web view configured, through its internal API ({@code POST
 * /api/task}, so the session shows on the dashboard; a job's {@code agent_url} goes along as the web
 * view's {@code agent}); only when the web view cannot be connected to at all (so it cannot have
 * received the task), straight to the job's {@code agent_url} or the default agent, noting why. An
 * answer from the web view, even a 4xx, is final: it is not a reason to go round it; and so is the lack
 * of one once the request went out (a timeout, a reset), as the web view may have taken the task. Blocking;
 * the launcher calls it on its worker threads.
 */
public final class FleetTaskTarget {
    private static final Logger log = LoggerFactory.getLogger(FleetTaskTarget.class);

    private final AgencyClient client;
    private final Supplier<SchedulerSettings> settings;

    public FleetTaskTarget(AgencyClient client, Supplier<SchedulerSettings> settings) {
        this.client = client;
        this.settings = settings;
    }

    public Submission submit(Job job) {
        SchedulerSettings routing = settings.get();
        String fallbackReason = null;
        URI web = routing.webUrl();
        if (web != null) {
            try {
                SubmittedTask created = client.send(web, "POST", "/api/task", webRequest(job), SubmittedTask.class);
                return submission(created, Via.WEB, web, "/api/task/", created.agentUrl(), null);
            } catch (ComponentUnreachableException e) {
                if (e.mayHaveBeenReceived()) {
                    throw new SubmissionFailed(
                            Outcome.SKIPPED_ERROR,
                            "the web view " + web + " was reached but gave no answer (" + reason(e)
                                    + "). It may have accepted the task (queued or running: see the dashboard), so"
                                    + " the task was not sent to an agent as well");
                }
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
            SubmittedTask created = client.send(agent, "POST", "/task", agentRequest(job), SubmittedTask.class);
            return submission(created, Via.AGENT, agent, "/task/", agent.toString(), fallbackReason);
        } catch (ComponentUnreachableException e) {
            throw new SubmissionFailed(
                    Outcome.SKIPPED_ERROR,
                    e.getMessage()
                            + (e.mayHaveBeenReceived() ? " (the agent may have started the task: see its history)" : "")
                            + (fallbackReason == null
                                    ? ""
                                    : " (after the web view failed too: " + fallbackReason + ")"));
        } catch (ApiException e) {
            throw refused("agent " + agent, e);
        }
    }

    private static TaskRequest agentRequest(Job job) {
        return new TaskRequest(
                job.spec().prompt(),
                null,
                null,
                job.spec().model(),
                job.spec().timeoutSeconds(),
                null,
                null,
                TaskSource.SCHEDULER,
                job.name());
    }

    private static WebTaskRequest webRequest(Job job) {
        String agent = job.agentUrl() == null ? null : job.agentUrl().toString();
        return new WebTaskRequest(
                job.spec().prompt(),
                agent,
                agent == null ? null : Boolean.TRUE,
                job.spec().model(),
                job.spec().timeoutSeconds(),
                TaskSource.SCHEDULER,
                job.name());
    }

    /** The task as it stands now, from wherever it was submitted. */
    public Task poll(Submission submission) {
        URI url = submission.taskUrl();
        return client.get(base(url), url.getRawPath(), Task.class);
    }

    /**
     * The submission as {@code task}, its latest poll, shows it. A task the web view queued is known by its
     * queue id until an agent takes it; from then on the web view answers with the agent's task, under the
     * agent's task id: the run follows that id, and learns the agent from the task's session (the task
     * itself does not name it). Returns {@code followed} itself when nothing changed.
     */
    public Submission resolve(Submission followed, Task task) {
        if (followed.via() != Via.WEB || followed.queueId() == null) {
            return followed;
        }
        Submission current = followed;
        if (SessionIds.isValid(task.taskId()) && !task.taskId().equals(followed.taskId())) {
            URI web = base(followed.taskUrl());
            current = new Submission(
                    task.taskId(),
                    followed.queueId(),
                    SessionIds.isValid(task.sessionId()) ? task.sessionId() : followed.sessionId(),
                    Via.WEB,
                    followed.agentUrl(),
                    web.resolve("/api/task/" + PathSegments.encode(task.taskId())),
                    followed.fallbackReason(),
                    task.state());
        }
        if (current.agentUrl() == null
                && !current.waitsInQueue()
                && task.state() != TaskState.QUEUED
                && SessionIds.isValid(current.sessionId())) {
            String agentUrl = agentHolding(base(current.taskUrl()), current.sessionId());
            if (agentUrl != null) {
                current = new Submission(
                        current.taskId(),
                        current.queueId(),
                        current.sessionId(),
                        current.via(),
                        agentUrl,
                        current.taskUrl(),
                        current.fallbackReason(),
                        current.state());
            }
        }
        return current;
    }

    /** The agent the web view says holds a session, or null when it cannot say now (asked again later). */
    private String agentHolding(URI web, String sessionId) {
        try {
            SessionAgent session =
                    client.get(web, "/api/sessions/" + PathSegments.encode(sessionId), SessionAgent.class);
            return session == null ? null : session.agentUrl();
        } catch (ApiException | ComponentUnreachableException e) {
            log.debug("cannot learn the agent of session {} from {}: {}", sessionId, web, e.getMessage());
            return null;
        }
    }

    /** Why no answer came, without the "cannot reach ..." the exception's message starts with. */
    private static String reason(ComponentUnreachableException e) {
        String prefix = "cannot reach " + e.target() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static URI base(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
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
                via == Via.WEB && SessionIds.isValid(created.queueId()) ? created.queueId() : null,
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
