package uk.org.phobos.agency.core.client;

import java.nio.charset.StandardCharsets;
import uk.org.phobos.agency.core.api.ApiException;

/** Percent-encodes one path segment: ids from users never change the path's shape. */
public final class PathSegments {
    private PathSegments() {}

    public static String encode(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw ApiException.validation("'" + segment + "' is not a valid id");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
