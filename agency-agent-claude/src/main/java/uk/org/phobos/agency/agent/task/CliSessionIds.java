package uk.org.phobos.agency.agent.task;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The CLI's {@code --session-id} must be a UUID, while Agency's session ids may be any name that
 * matches SPEC.md's pattern. A UUID id is used as it is; any other maps to a name-based UUID, the
 * same every time, so {@code --resume} finds the conversation again.
 */
final class CliSessionIds {
    private CliSessionIds() {}

    static String of(String sessionId) {
        try {
            UUID parsed = UUID.fromString(sessionId);
            if (parsed.toString().equalsIgnoreCase(sessionId)) {
                return sessionId.toLowerCase(java.util.Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: derive one below
        }
        return UUID.nameUUIDFromBytes(("agency-session:" + sessionId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
