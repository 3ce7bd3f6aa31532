package uk.org.phobos.agency.web.queue;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/**
 * Hands queued tasks to agents. One pass walks the whole queue in order, so a task that must wait (its
 * agent is busy, its session's earlier task has not started) never holds up a task behind it that
 * could run elsewhere. Within a session, order is kept: a later task never overtakes an earlier one.
 *
 * <p>Never twice: an entry is marked {@code dispatching} durably before the request goes out, and only
 * a definite answer moves it on. When the answer is lost (a timeout, a crash of the web view), the next
 * pass asks the agent for its recent tasks and adopts the one it finds, or queues the entry again when
 * the agent never got it (an agent records a task before it answers 201).
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Clock skew allowed between the web view's "sent at" and the agent's "created at". */
    static final Duration MATCH_SLACK = Duration.ofSeconds(5);

    /** Told about each task an agent took from the queue. */
    public interface Dispatches {
        void dispatched(QueueEntry entry, AgentSlot agent, TaskCreated created);
    }

    /** Whether the web view knows of a task running on an agent. */
    public interface BusyAgents {
        boolean busy(URI agent);
    }

    /** Which agent holds a session, once one does. */
    public interface SessionHolders {
        Optional<URI> holder(String sessionId);
    }

    private enum Sent {
        TAKEN,
        REFUSED_FOR_NOW,
        FAILED,
        UNSURE
    }

    private final TaskQueue queue;
    private final FleetDirectory fleet;
    private final AgentGateway agents;
    private final BusyAgents busy;
    private final SessionHolders holders;
    private final Clock clock;
    private final Dispatches listener;
    private final Map<URI, Instant> lastSent = new HashMap<>();

    public Dispatcher(
            TaskQueue queue,
            FleetDirectory fleet,
            AgentGateway agents,
            BusyAgents busy,
            SessionHolders holders,
            Clock clock,
            Dispatches listener) {
        this.queue = queue;
        this.fleet = fleet;
        this.agents = agents;
        this.busy = busy;
        this.holders = holders;
        this.clock = clock;
        this.listener = listener;
    }

    /** One pass over the queue: settles entries in flight, then dispatches what can run now. */
    public synchronized void pass() {
        List<AgentSlot> slots = fleet.agents();
        Set<URI> claimed = new HashSet<>();
        Set<String> blockedSessions = new HashSet<>();
        for (QueueEntry entry : queue.waiting()) {
            if (entry.status() == QueueEntry.Status.DISPATCHING && !settle(entry, slots)) {
                blockedSessions.add(entry.sessionId());
                claimed.add(entry.dispatchedTo());
            }
        }
        for (QueueEntry entry : queue.waiting()) {
            if (entry.status() != QueueEntry.Status.QUEUED || blockedSessions.contains(entry.sessionId())) {
                blockedSessions.add(entry.sessionId());
                continue;
            }
            Optional<URI> required = requiredAgent(entry);
            if (required == null) {
                blockedSessions.add(entry.sessionId()); // its session's agent is not known yet
                continue;
            }
            Optional<AgentSlot> slot = slots.stream()
                    .filter(agent -> required.map(agent.url()::equals).orElse(true))
                    .filter(agent -> free(agent, claimed))
                    .findFirst();
            if (slot.isEmpty()) {
                blockedSessions.add(entry.sessionId());
                continue;
            }
            claimed.add(slot.get().url());
            if (send(entry, slot.get()) != Sent.TAKEN) {
                blockedSessions.add(entry.sessionId());
            }
        }
    }

    /** The agent an entry must go to; empty for any; null when it must wait to learn it. */
    @SuppressWarnings("NullableOptional") // null means "not known yet", unlike empty, "any agent"
    private Optional<URI> requiredAgent(QueueEntry entry) {
        if (entry.agent() != null) {
            return Optional.of(entry.agent());
        }
        if (entry.request().startsNewSession()) {
            return Optional.empty();
        }
        Optional<URI> holder = holders.holder(entry.sessionId());
        return holder.isPresent() ? holder : null;
    }

    private boolean free(AgentSlot agent, Set<URI> claimed) {
        if (!agent.idle() || claimed.contains(agent.url()) || busy.busy(agent.url())) {
            return false;
        }
        Instant sent = lastSent.get(agent.url());
        return sent == null || agent.seenAt().isAfter(sent);
    }

    private Sent send(QueueEntry entry, AgentSlot agent) {
        Instant at = clock.instant();
        queue.update(entry.queueId(), e -> e.dispatching(agent.url(), at));
        lastSent.put(agent.url(), at);
        try {
            TaskCreated created = agents.submit(agent.url(), entry.request());
            QueueEntry done = queue.update(entry.queueId(), e -> e.dispatched(created.taskId(), clock.instant()));
            log.info("queue entry {} went to {} as task {}", entry.queueId(), agent.name(), created.taskId());
            listener.dispatched(done, agent, created);
            return Sent.TAKEN;
        } catch (ApiException e) {
            switch (e.code()) {
                case AGENT_BUSY, SESSION_BUSY, UNAVAILABLE -> {
                    queue.update(entry.queueId(), QueueEntry::requeued);
                    return Sent.REFUSED_FOR_NOW;
                }
                default -> {
                    log.warn("{} refused queue entry {}: {}", agent.name(), entry.queueId(), e.getMessage());
                    queue.update(entry.queueId(), q -> q.failed(e.httpStatus(), e.error(), clock.instant()));
                    return Sent.FAILED;
                }
            }
        } catch (ComponentUnreachableException e) {
            if (neverSent(e)) {
                queue.update(entry.queueId(), QueueEntry::requeued);
                return Sent.REFUSED_FOR_NOW;
            }
            log.warn(
                    "no answer from {} for queue entry {} ({}): will ask it",
                    agent.name(),
                    entry.queueId(),
                    e.getMessage());
            return Sent.UNSURE;
        }
    }

    /**
     * Settles an entry whose dispatch has no known outcome; true when it is settled (taken, or back in
     * the queue), false while its agent cannot be asked.
     */
    private boolean settle(QueueEntry entry, List<AgentSlot> slots) {
        URI url = entry.dispatchedTo();
        Optional<AgentSlot> agent = slots.stream()
                .filter(slot -> slot.url().equals(url) && slot.healthy())
                .findFirst();
        if (agent.isEmpty()) {
            return false;
        }
        try {
            Optional<Task> match = agents.recentTasks(url).stream()
                    .filter(task -> sameTask(task, entry))
                    .findFirst();
            if (match.isPresent()) {
                Task task = match.get();
                QueueEntry done = queue.update(entry.queueId(), e -> e.dispatched(task.taskId(), clock.instant()));
                log.info("queue entry {} had reached {} as task {}", entry.queueId(), url, task.taskId());
                listener.dispatched(done, agent.get(), new TaskCreated(task.taskId(), task.sessionId(), task.state()));
            } else {
                queue.update(entry.queueId(), QueueEntry::requeued);
                log.info("queue entry {} never reached {}: queued again", entry.queueId(), url);
            }
            return true;
        } catch (ApiException | ComponentUnreachableException e) {
            return false;
        }
    }

    private static boolean sameTask(Task task, QueueEntry entry) {
        return entry.sessionId().equals(task.sessionId())
                && entry.request().prompt().equals(task.prompt())
                && task.createdAt() != null
                && !task.createdAt().isBefore(entry.dispatchStartedAt().minus(MATCH_SLACK));
    }

    private static boolean neverSent(ComponentUnreachableException e) {
        Throwable cause = e.getCause();
        return cause instanceof ConnectException
                || cause instanceof HttpConnectTimeoutException
                || cause instanceof SSLHandshakeException;
    }
}
