package uk.org.phobos.agency.web.markdown;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline Markdown: code spans, strong, emphasis, strike-through, links, autolinks and bare http(s)
 * URLs. Every character of text goes through {@link Html#escape}; the only markup written is a fixed
 * set of tags, and the only attribute is a checked {@code href}. Raw HTML in the input is text.
 */
final class InlineRenderer {
    private static final int MAX_DEPTH = 6;
    private static final Pattern BARE_URL = Pattern.compile("https?://[^\\s<>\"'`]+");
    private static final String PUNCTUATION = "\\`*_{}[]()#+-.!|~<>\"'";

    private final SafeUrls urls = new SafeUrls();

    String render(String text) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        render(text, out, 0, true);
        return out.toString();
    }

    private void render(String text, StringBuilder out, int depth, boolean linksAllowed) {
        if (depth > MAX_DEPTH) {
            Html.escape(text, out);
            return;
        }
        Map<String, Integer> noCloserFrom = new HashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n && PUNCTUATION.indexOf(text.charAt(i + 1)) >= 0) {
                Html.escape(String.valueOf(text.charAt(i + 1)), out);
                i += 2;
                continue;
            }
            if (c == '`') {
                int run = run(text, i, '`');
                int close = findRun(text, i + run, '`', run);
                if (close > 0) {
                    out.append("<code>");
                    Html.escape(text.substring(i + run, close).strip(), out);
                    out.append("</code>");
                    i = close + run;
                } else {
                    Html.escape(text.substring(i, i + run), out);
                    i += run;
                }
                continue;
            }
            if (c == '_' && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                int run = run(text, i, '_'); // underscores inside a word are never emphasis
                Html.escape(text.substring(i, i + run), out);
                i += run;
                continue;
            }
            if ((c == '*' || c == '_' || c == '~')
                    && i + 1 < n
                    && text.charAt(i + 1) == c
                    && (c != '_' || i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                String delimiter = "" + c + c;
                int close = closer(text, i + 2, delimiter, noCloserFrom);
                if (close > i + 2
                        && !Character.isWhitespace(text.charAt(i + 2))
                        && (c != '_' || close + 2 >= n || !Character.isLetterOrDigit(text.charAt(close + 2)))) {
                    String tag = c == '~' ? "del" : "strong";
                    out.append('<').append(tag).append('>');
                    render(text.substring(i + 2, close), out, depth + 1, linksAllowed);
                    out.append("</").append(tag).append('>');
                    i = close + 2;
                    continue;
                }
            }
            if ((c == '*' || c == '_')
                    && i + 1 < n
                    && !Character.isWhitespace(text.charAt(i + 1))
                    && (c == '*' || i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                int close = closer(text, i + 1, String.valueOf(c), noCloserFrom);
                if (close > i + 1
                        && (c == '*' || close + 1 >= n || !Character.isLetterOrDigit(text.charAt(close + 1)))) {
                    out.append("<em>");
                    render(text.substring(i + 1, close), out, depth + 1, linksAllowed);
                    out.append("</em>");
                    i = close + 1;
                    continue;
                }
            }
            if (c == '[' && linksAllowed) {
                int consumed = link(text, i, out, depth);
                if (consumed > 0) {
                    i += consumed;
                    continue;
                }
            }
            if (c == '<') {
                int end = text.indexOf('>', i + 1);
                if (end > 0) {
                    Optional<String> url = urls.check(text.substring(i + 1, end));
                    if (url.isPresent() && linksAllowed) {
                        anchor(url.get(), url.get(), out);
                        i = end + 1;
                        continue;
                    }
                }
            }
            if (c == 'h' && linksAllowed && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                Matcher m = BARE_URL.matcher(text).region(i, n);
                if (m.lookingAt()) {
                    String url = trimTrailingPunctuation(m.group());
                    Optional<String> safe = urls.check(url);
                    if (safe.isPresent()) {
                        anchor(safe.get(), url, out);
                        i += url.length();
                        continue;
                    }
                }
            }
            Html.escape(String.valueOf(c), out);
            i++;
        }
    }

    /** Renders {@code [text](url)} at {@code start}; returns the characters used, 0 when it is not a link. */
    private int link(String text, int start, StringBuilder out, int depth) {
        int closeBracket = matching(text, start, '[', ']');
        if (closeBracket < 0 || closeBracket + 1 >= text.length() || text.charAt(closeBracket + 1) != '(') {
            return 0;
        }
        int closeParen = matching(text, closeBracket + 1, '(', ')');
        if (closeParen < 0) {
            return 0;
        }
        String label = text.substring(start + 1, closeBracket);
        String target = text.substring(closeBracket + 2, closeParen).strip();
        int space = target.indexOf(' ');
        String url = space < 0 ? target : target.substring(0, space);
        if (url.startsWith("<") && url.endsWith(">")) {
            url = url.substring(1, url.length() - 1);
        }
        Optional<String> safe = urls.check(url);
        if (safe.isPresent()) {
            out.append("<a href=\"");
            Html.escape(safe.get(), out);
            out.append("\" rel=\"noopener noreferrer nofollow\">");
            render(label, out, depth + 1, false);
            out.append("</a>");
        } else {
            render(label, out, depth + 1, false);
        }
        return closeParen - start + 1;
    }

    private static void anchor(String href, String shown, StringBuilder out) {
        out.append("<a href=\"");
        Html.escape(href, out);
        out.append("\" rel=\"noopener noreferrer nofollow\">");
        Html.escape(shown, out);
        out.append("</a>");
    }

    private static int matching(String text, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < text.length() && i < open + 4096; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int closer(String text, int from, String delimiter, Map<String, Integer> noCloserFrom) {
        Integer known = noCloserFrom.get(delimiter);
        if (known != null && from >= known) {
            return -1;
        }
        int close = text.indexOf(delimiter, from);
        while (close > 0 && Character.isWhitespace(text.charAt(close - 1))) {
            close = text.indexOf(delimiter, close + delimiter.length());
        }
        if (close < 0) {
            noCloserFrom.put(delimiter, from);
        }
        return close;
    }

    private static int run(String text, int from, char c) {
        int end = from;
        while (end < text.length() && text.charAt(end) == c) {
            end++;
        }
        return end - from;
    }

    private static int findRun(String text, int from, char c, int length) {
        int i = from;
        while (i < text.length()) {
            int found = text.indexOf(c, i);
            if (found < 0) {
                return -1;
            }
            int run = run(text, found, c);
            if (run == length) {
                return found;
            }
            i = found + run;
        }
        return -1;
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }
}
