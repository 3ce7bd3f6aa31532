package uk.org.phobos.agency.web.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.AgencyClient;

/** {@link AgentGateway} over HTTPS with the fleet token; only to agents that discovery found. */
public final class HttpAgentGateway implements AgentGateway {
    private final AgencyClient client;
    private final FleetDirectory fleet;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper =
            uk.org.phobos.agency.core.api.AgencyJson.newMapper();

    public HttpAgentGateway(AgencyClient client, FleetDirectory fleet) {
        this.client = client;
        this.fleet = fleet;
    }

    @Override
    public TaskCreated submit(URI agent, TaskRequest request) {
        return client.submit(known(agent), request);
    }

    @Override
    public Task task(URI agent, String taskId) {
        return client.task(known(agent), SessionIds.requireValid(taskId));
    }

    @Override
    public Task cancel(URI agent, String taskId) {
        return client.cancel(known(agent), SessionIds.requireValid(taskId));
    }

    @Override
    public List<Task> recentTasks(URI agent) {
        Map<String, List<Task>> body =
                client.send(known(agent), "GET", "/tasks", null, new TypeReference<Map<String, List<Task>>>() {});
        return body.getOrDefault("tasks", List.of());
    }

    @Override
    public boolean holdsSession(URI agent, String sessionId) {
        try {
            client.get(known(agent), "/sessions/" + SessionIds.requireValid(sessionId), Map.class);
            return true;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<AgentSession> sessions(URI agent) {
        Map<String, List<AgentSession>> body = client.send(
                known(agent), "GET", "/sessions", null, new TypeReference<Map<String, List<AgentSession>>>() {});
        return body.getOrDefault("sessions", List.of());
    }

    @Override
    public List<Task> sessionTasks(URI agent, String sessionId) {
        Map<String, Object> body = client.send(
                known(agent),
                "GET",
                "/sessions/" + SessionIds.requireValid(sessionId),
                null,
                new TypeReference<Map<String, Object>>() {});
        return mapper.convertValue(body.getOrDefault("tasks", List.of()), new TypeReference<List<Task>>() {});
    }

    private URI known(URI agent) {
        return fleet.requireMember(agent).url();
    }
}
