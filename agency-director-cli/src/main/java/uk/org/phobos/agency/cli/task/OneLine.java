package uk.org.phobos.agency.cli.task;

/** Text squeezed into one line of at most a given width, for event and history lines. */
final class OneLine {
    private OneLine() {}

    static String of(String text, int width) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.codePointCount(0, line.length()) <= width) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, Math.max(1, width - 1))) + "…";
    }
}
