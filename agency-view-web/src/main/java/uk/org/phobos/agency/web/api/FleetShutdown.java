package uk.org.phobos.agency.web.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ShutdownAccepted;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/** {@code POST /api/fleet/shutdown}: asks every discovered component to shut down, and reports each answer. */
public final class FleetShutdown {
    private final FleetDirectory fleet;
    private final AgencyClient client;

    public FleetShutdown(FleetDirectory fleet, AgencyClient client) {
        this.fleet = fleet;
        this.client = client;
    }

    public List<Map<String, Object>> shutDown(ShutdownRequest request) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (FleetMember member : fleet.members()) {
            if (member.health() == Health.DOWN) {
                continue;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", member.status().name());
            answer.put("url", member.url().toString());
            try {
                ShutdownAccepted accepted = client.shutdown(member.url(), request);
                answer.put("state", accepted.state());
            } catch (ApiException e) {
                answer.put("error", e.error().error());
                answer.put("message", e.error().message());
            } catch (ComponentUnreachableException e) {
                answer.put("error", "unreachable");
                answer.put("message", e.getMessage());
            }
            answers.add(answer);
        }
        return answers;
    }
}
