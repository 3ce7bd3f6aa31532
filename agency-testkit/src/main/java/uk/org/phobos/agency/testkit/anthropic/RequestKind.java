package uk.org.phobos.agency.testkit.anthropic;

/** How the {@link AnthropicStandIn} classified a request it received. */
public enum RequestKind {
    /** {@code POST /v1/messages} of the conversation: answered from the scripted queue. */
    MAIN,
    /** {@code POST /v1/messages} without tools (titles, summaries, quota checks): a default answer. */
    SIDE,
    /** {@code POST /v1/messages/count_tokens}: an estimate. */
    COUNT_TOKENS,
    /** {@code HEAD /api/hello}, the CLI's reachability check when non-essential traffic is on. */
    HELLO,
    /** Anything else: 404 in Anthropic's error shape, and worth a look. */
    UNHANDLED
}
