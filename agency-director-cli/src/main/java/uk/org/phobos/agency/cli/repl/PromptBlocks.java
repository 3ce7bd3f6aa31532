package uk.org.phobos.agency.cli.repl;

/**
 * Multi-line prompts: a line ending in a backslash continues on the next line, and a line that is just {@code """}
 * (at its start, nothing else on it but trailing blanks) opens a block that the next such line closes. Only those
 * two fence lines go; inside a block everything is kept as typed or pasted: the {@code """} of a Python docstring,
 * indented fences, backslashes at line ends. Pasted text with newlines arrives whole and needs neither.
 */
final class PromptBlocks {
    private static final String FENCE = "\"\"\"";

    private PromptBlocks() {}

    /** True when {@code text} so far asks for another line: a block is open, or it ends with a backslash. */
    static boolean incomplete(String text) {
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            if (fence(line)) {
                inBlock = !inBlock;
            }
        }
        return inBlock || text.endsWith("\\");
    }

    /** The prompt {@code text} stands for: fence lines and, outside blocks, continuation backslashes removed. */
    static String prompt(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder prompt = new StringBuilder();
        boolean inBlock = false;
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (fence(line)) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock && i < lines.length - 1 && line.endsWith("\\")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!first) {
                prompt.append('\n');
            }
            prompt.append(line);
            first = false;
        }
        return prompt.toString().strip();
    }

    private static boolean fence(String line) {
        return line.stripTrailing().equals(FENCE);
    }
}
