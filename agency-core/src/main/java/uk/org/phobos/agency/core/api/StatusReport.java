package uk.org.phobos.agency.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status}: who a component is and how it is doing. {@code details} holds the fields of
 * each component type (an agent's {@code current_task} and {@code runner}, for example) at the top
 * level of the JSON object.
 */
public record StatusReport(
        ComponentType type,
        String name,
        List<ComponentInterface> interfaces,
        String version,
        String state,
        Instant startedAt,
        long uptimeSeconds,
        Map<String, Object> config,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> details) {

    public StatusReport {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        config = config == null ? Map.of() : config;
        details = details == null ? new LinkedHashMap<>() : details;
    }
}
