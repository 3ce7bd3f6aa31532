package uk.org.phobos.agency.testkit.streamjson;

/** Token counts as the CLI reports them in {@code usage}. */
public record TokenUsage(
        long inputTokens, long outputTokens, long cacheReadInputTokens, long cacheCreationInputTokens) {
    public static final TokenUsage SMALL = new TokenUsage(10, 5, 0, 0);
}
