package uk.org.phobos.agency.scheduler.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * Reads a whole {@link SchedulerSettings} from JSON, naming every bad field at once: {@code
 * history_limit} (1-1000, required), {@code web_url} and {@code agent_url} (https base URLs, or null).
 */
public final class SettingsValidator {
    private static final Set<String> FIELDS = Set.of("history_limit", "web_url", "agent_url");

    public SchedulerSettings read(JsonNode body) {
        List<String> problems = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(name + ": unknown setting (known: agent_url, history_limit, web_url)");
                fields.add(name);
            }
        }
        JsonNode limit = body.get("history_limit");
        int historyLimit = 0;
        if (limit == null || !limit.canConvertToInt() || !limit.isIntegralNumber()) {
            problems.add("history_limit: is required, a whole number from 1 to " + SchedulerSettings.MAX_HISTORY_LIMIT);
            fields.add("history_limit");
        } else {
            historyLimit = limit.intValue();
            if (historyLimit < 1 || historyLimit > SchedulerSettings.MAX_HISTORY_LIMIT) {
                problems.add("history_limit: must be from 1 to " + SchedulerSettings.MAX_HISTORY_LIMIT + ", got "
                        + historyLimit);
                fields.add("history_limit");
            }
        }
        URI webUrl = url(body, "web_url", problems, fields);
        URI agentUrl = url(body, "agent_url", problems, fields);
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, String.join("; ", problems), Map.of("fields", fields));
        }
        return new SchedulerSettings(historyLimit, webUrl, agentUrl);
    }

    /** An https base URL (no path), or null; the message names {@code field}. */
    public static URI parseBaseUrl(String field, String text) {
        try {
            URI uri = new URI(text.trim());
            String path = uri.getRawPath();
            if ("https".equalsIgnoreCase(uri.getScheme())
                    && uri.getHost() != null
                    && (path == null || path.isEmpty() || path.equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawUserInfo() == null) {
                return URI.create("https://" + uri.getRawAuthority());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ApiException.validation(
                field + ": must be an https base URL such as https://127.0.0.1:9000 (no path), got '" + text + "'");
    }

    private static URI url(JsonNode body, String field, List<String> problems, List<String> fields) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": must be a string or null");
            fields.add(field);
            return null;
        }
        try {
            return parseBaseUrl(field, value.asText());
        } catch (ApiException e) {
            problems.add(e.error().message());
            fields.add(field);
            return null;
        }
    }
}
