package uk.org.phobos.agency.cli.repl;

/**
 * Multi-line prompts: a line ending in a backslash continues on the next line, and {@code """} opens a
 * block that the next {@code """} closes. Pasted text with newlines arrives whole and needs neither.
 */
final class PromptBlocks {
    private static final String FENCE = "\"\"\"";

    private PromptBlocks() {}

    /** True when {@code text} so far asks for another line. */
    static boolean incomplete(String text) {
        return text.endsWith("\\") || fences(text) % 2 == 1;
    }

    /** The prompt {@code text} stands for: continuation backslashes and fences removed. */
    static String prompt(String text) {
        String joined = text.replace("\\\n", "\n").replace(FENCE, "");
        return joined.strip();
    }

    private static int fences(String text) {
        int count = 0;
        for (int at = text.indexOf(FENCE); at >= 0; at = text.indexOf(FENCE, at + FENCE.length())) {
            count++;
        }
        return count;
    }
}
