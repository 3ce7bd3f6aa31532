package uk.org.phobos.agency.core.api;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Session ids (SPEC.md section 3) and the directories they name. */
public final class SessionIds {
    public static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private SessionIds() {}

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches() && !id.contains("..");
    }

    /** Throws {@code validation_error} unless {@code id} is a valid session id. */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw ApiException.validation("session_id must match " + PATTERN.pattern()
                    + " (letters, digits, '.', '_', '-'; at most 128; no '..'), got '" + abbreviate(id) + "'");
        }
        return id;
    }

    /** The directory of session {@code id} under {@code root}; refuses ids that would leave it. */
    public static Path resolveUnder(Path root, String id) {
        requireValid(id);
        Path base = root.toAbsolutePath().normalize();
        Path dir = base.resolve(id).normalize();
        if (!dir.getParent().equals(base)) {
            throw ApiException.validation("session_id '" + id + "' does not name a folder under the session root");
        }
        return dir;
    }

    private static String abbreviate(String id) {
        if (id == null) {
            return "";
        }
        return id.length() <= 40 ? id : id.substring(0, 40) + "...";
    }
}
