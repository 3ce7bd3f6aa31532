package uk.org.phobos.agency.web.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import uk.org.phobos.agency.core.discovery.FleetMember;

/** A fleet member as the dashboard's fleet panel shows it. */
final class FleetViews {
    Map<String, Object> member(FleetMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("url", member.url().toString());
        view.put("name", member.status().name());
        view.put("type", member.status().type());
        view.put("state", member.status().state());
        view.put("version", member.status().version());
        view.put("uptime_seconds", member.status().uptimeSeconds());
        view.put("health", member.health());
        view.put("failed_polls", member.consecutiveFailures());
        view.put("last_seen", member.lastSeen());
        view.put("interfaces", member.status().interfaces());
        view.put("current_task", member.status().details().get("current_task"));
        return view;
    }
}
