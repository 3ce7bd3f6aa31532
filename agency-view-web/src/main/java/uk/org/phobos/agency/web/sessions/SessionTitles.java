package uk.org.phobos.agency.web.sessions;

/** A short title for a session from its first prompt: the first line that says something, plain, cut at a word. */
public final class SessionTitles {
    public static final int MAX_LENGTH = 60;

    public String from(String prompt) {
        if (prompt == null) {
            return "(untitled)";
        }
        for (String line : (Iterable<String>) prompt.lines()::iterator) {
            String plain = line.replaceAll("^\\s*(#{1,6}|>+|[-+*]|\\d+\\.)\\s+", "")
                    .replaceAll("[`*~]", "")
                    .replaceAll("\\p{Cntrl}", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (!plain.isEmpty()) {
                return cut(plain);
            }
        }
        return "(untitled)";
    }

    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_LENGTH) {
            return text;
        }
        String head = text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH));
        int space = head.lastIndexOf(' ');
        if (space > MAX_LENGTH / 2) {
            head = head.substring(0, space);
        }
        return head.strip() + "…";
    }
}
