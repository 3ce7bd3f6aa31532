package uk.org.phobos.agency.web.markdown;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The link targets rendered Markdown may have: absolute {@code http}, {@code https} and {@code mailto}
 * URLs without spaces or control characters. Anything else ({@code javascript:}, {@code data:},
 * {@code vbscript:}, relative paths, obfuscated schemes) is not linked.
 */
final class SafeUrls {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final int MAX_LENGTH = 2048;

    Optional<String> check(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String trimmed = url.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || c == '\\' || c == '<' || c == '>' || c == '"') {
                return Optional.empty();
            }
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*") || !SCHEMES.contains(scheme)) {
            return Optional.empty();
        }
        if (!scheme.equals("mailto") && !trimmed.regionMatches(colon, "://", 0, 3)) {
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }
}
