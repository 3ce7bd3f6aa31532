package uk.org.phobos.agency.core.api;

/**
 * One entry of a task's outline: a piece of text the model wrote, or a tool it called. Previews are
 * cut to {@value #PREVIEW_LIMIT} characters (code points, not bytes or UTF-16 units).
 */
public record Step(String type, String tool, String inputPreview, String outputPreview, Boolean isError) {
    public static final int PREVIEW_LIMIT = 200;
    public static final String TEXT = "text";
    public static final String TOOL_CALL = "tool_call";

    public Step {
        inputPreview = preview(inputPreview);
        outputPreview = preview(outputPreview);
    }

    public static Step text(String text) {
        return new Step(TEXT, null, text, null, null);
    }

    public static Step toolCall(String tool, String input) {
        return new Step(TOOL_CALL, tool, input, null, null);
    }

    public Step withResult(String output, boolean error) {
        return new Step(type, tool, inputPreview, output, error);
    }

    /** The first {@value #PREVIEW_LIMIT} characters of {@code text}, never splitting a surrogate pair. */
    public static String preview(String text) {
        if (text == null || text.codePointCount(0, text.length()) <= PREVIEW_LIMIT) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_LIMIT));
    }
}
