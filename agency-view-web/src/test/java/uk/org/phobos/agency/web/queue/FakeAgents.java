package uk.org.phobos.agency.web.queue;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/** Agents in memory: each is idle or busy, records what it was sent, and can lose its answers. */
final class FakeAgents implements AgentGateway, FleetDirectory {
    final Map<URI, String> states = new LinkedHashMap<>();
    final Map<URI, List<Task>> received = new ConcurrentHashMap<>();
    final Set<URI> loseAnswers = ConcurrentHashMap.newKeySet();
    /** Agents that answer every submission with this error. */
    final Map<URI, ApiException> refusals = new ConcurrentHashMap<>();

    private final Clock clock;
    private int next = 1;

    FakeAgents(Clock clock) {
        this.clock = clock;
    }

    URI add(String name, String state) {
        URI url = URI.create("https://127.0.0.1:" + (9000 + states.size()));
        states.put(url, state);
        received.put(url, new ArrayList<>());
        return url;
    }

    List<Task> sentTo(URI agent) {
        return received.get(agent);
    }

    int totalSent() {
        return received.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public synchronized TaskCreated submit(URI agent, TaskRequest request) {
        ApiException refusal = refusals.get(agent);
        if (refusal != null) {
            throw refusal;
        }
        if (!"idle".equals(states.get(agent))) {
            throw new ApiException(ErrorCode.AGENT_BUSY, "busy");
        }
        String id = "task-" + next++;
        Task task = new Task(
                id,
                request.sessionId(),
                TaskState.WORKING,
                request.prompt(),
                request.model(),
                request.source(),
                request.sourceRef(),
                clock.instant(),
                clock.instant(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        received.get(agent).add(task);
        states.put(agent, "working");
        if (loseAnswers.contains(agent)) {
            throw new ComponentUnreachableException(
                    agent, "no answer within 30s", new java.net.http.HttpTimeoutException("t"));
        }
        return new TaskCreated(id, request.sessionId(), TaskState.WORKING);
    }

    @Override
    public Task task(URI agent, String taskId) {
        return received.get(agent).stream()
                .filter(t -> t.taskId().equals(taskId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no task"));
    }

    @Override
    public Task cancel(URI agent, String taskId) {
        return task(agent, taskId);
    }

    @Override
    public List<Task> recentTasks(URI agent) {
        return List.copyOf(received.get(agent));
    }

    @Override
    public boolean holdsSession(URI agent, String sessionId) {
        return received.get(agent).stream().anyMatch(t -> t.sessionId().equals(sessionId));
    }

    @Override
    public List<AgentSession> sessions(URI agent) {
        return List.of();
    }

    @Override
    public List<Task> sessionTasks(URI agent, String sessionId) {
        return List.of();
    }

    @Override
    public List<FleetMember> members() {
        return List.of();
    }

    @Override
    public synchronized List<AgentSlot> agents() {
        List<AgentSlot> slots = new ArrayList<>();
        int i = 0;
        for (Map.Entry<URI, String> entry : states.entrySet()) {
            slots.add(new AgentSlot(entry.getKey(), "agent-" + i++, true, entry.getValue(), clock.instant()));
        }
        return slots;
    }

    @Override
    public Optional<FleetMember> member(URI url) {
        return Optional.empty();
    }
}
