package uk.org.phobos.agency.testkit.fakeclaude;

/** Quotes text as one bash word. */
final class BashQuoting {
    private BashQuoting() {}

    /** Single quotes, with each embedded {@code '} written as {@code '\''}. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
