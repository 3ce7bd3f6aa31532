package uk.org.phobos.agency.web.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.TaskRequest;

/**
 * A task waiting for an agent, or one the queue handed on. {@code agent} is where it must go (a session
 * follow-up, an agent chosen by the user) or null for "any idle agent". The request always names its
 * session: the web view picks the id of a new session itself, so a queued task belongs to its session
 * (recorded once the task is queued) before an agent takes it.
 */
public record QueueEntry(
        String queueId,
        TaskRequest request,
        URI agent,
        Instant enqueuedAt,
        Status status,
        URI dispatchedTo,
        Instant dispatchStartedAt,
        String taskId,
        Integer errorStatus,
        ApiError error,
        Instant finishedAt) {

    public enum Status {
        /** Waiting for an agent. */
        QUEUED,
        /** Being sent to {@code dispatchedTo}; after a crash here, the agent is asked whether it got it. */
        DISPATCHING,
        /** The agent took it: {@code taskId}. */
        DISPATCHED,
        /** The agent refused it for good ({@code error}). */
        FAILED,
        /** Withdrawn before an agent took it. */
        CANCELLED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        public boolean waiting() {
            return this == QUEUED || this == DISPATCHING;
        }
    }

    public String sessionId() {
        return request.sessionId();
    }

    QueueEntry dispatching(URI to, Instant at) {
        return new QueueEntry(queueId, request, agent, enqueuedAt, Status.DISPATCHING, to, at, null, null, null, null);
    }

    QueueEntry requeued() {
        return new QueueEntry(queueId, request, agent, enqueuedAt, Status.QUEUED, null, null, null, null, null, null);
    }

    QueueEntry dispatched(String task, Instant at) {
        return new QueueEntry(
                queueId,
                request,
                agent,
                enqueuedAt,
                Status.DISPATCHED,
                dispatchedTo,
                dispatchStartedAt,
                task,
                null,
                null,
                at);
    }

    QueueEntry failed(int status, ApiError why, Instant at) {
        return new QueueEntry(
                queueId,
                request,
                agent,
                enqueuedAt,
                Status.FAILED,
                dispatchedTo,
                dispatchStartedAt,
                null,
                status,
                why,
                at);
    }

    QueueEntry cancelled(Instant at) {
        return new QueueEntry(queueId, request, agent, enqueuedAt, Status.CANCELLED, null, null, null, null, null, at);
    }
}
