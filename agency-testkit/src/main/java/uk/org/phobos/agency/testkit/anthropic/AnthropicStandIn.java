package uk.org.phobos.agency.testkit.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.function.Predicate;

/**
 * Stands in for the Anthropic Messages API so the real Claude Code CLI runs offline: a WireMock
 * server on 127.0.0.1 (plain HTTP, a free port) answering from a queue of {@link ScriptedReply}s.
 * Point the CLI at {@link #baseUrl()} with {@code ANTHROPIC_BASE_URL} (see
 * {@code ClaudeCliEnvironment}).
 *
 * <p>What Claude Code 2.1.332 sends, as observed with {@code -p --output-format stream-json}:
 *
 * <ul>
 *   <li>{@code POST /v1/messages?beta=true} with {@code "stream": true}, one per model turn, carrying
 *       the whole conversation ({@code messages}), the system prompt and the tool definitions
 *       ({@code tools}: Bash, Edit, Read, Write, ...). The turn after a tool call carries the
 *       {@code tool_result}; a resumed session's first request carries the earlier turns. Headers
 *       include {@code x-api-key}, {@code anthropic-version: 2023-06-01}, {@code anthropic-beta} and
 *       {@code X-Claude-Code-Session-Id}.
 *   <li>When a streamed request fails (e.g. 404) the CLI repeats it once without streaming
 *       ({@code "stream": false}) and then expects one JSON message: served here too.
 *   <li>On HTTP 400 it retries the same request up to five more times, each with fewer
 *       {@code anthropic-beta} features; on 5xx/529 it retries with back-off as often as
 *       {@code CLAUDE_CODE_MAX_RETRIES} allows (default 10). Sticky {@link ScriptedReply#apiError}s
 *       answer all these retries.
 *   <li>With {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1} nothing else reaches the base URL:
 *       no title generation, no quota check, no {@code count_tokens} in print mode. Without it, the
 *       CLI also sends {@code HEAD /api/hello} (answered 200 here) and tries telemetry hosts of its
 *       own (not the base URL; they fail offline without harm).
 * </ul>
 *
 * <p>Requests to {@code /v1/messages} are "main conversation" when they declare {@code tools}; only
 * those take replies off the queue. Others (the CLI's side requests in modes that make them) get
 * the side reply, a short text. {@code /v1/messages/count_tokens} gets an estimate; anything else
 * gets 404 in Anthropic's error shape and is logged and kept in {@link #unhandledRequests()}.
 * When the queue runs dry, main requests get a text saying so, which ends the run quickly; see
 * {@link #exhaustedCount()}.
 */
public final class AnthropicStandIn implements AutoCloseable {
    /** The default test of a main-conversation request: it declares tools. */
    public static final Predicate<JsonNode> DECLARES_TOOLS =
            body -> body.path("tools").isArray() && !body.path("tools").isEmpty();

    private final ReplyQueue queue;
    private final MessagesRouter router;
    private final WireMockServer server;

    private AnthropicStandIn(Predicate<JsonNode> isMainConversation, ScriptedReply sideReply) {
        this.queue = new ReplyQueue();
        this.router = new MessagesRouter(queue, isMainConversation, sideReply);
        this.server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .gzipDisabled(true)
                .disableRequestJournal()
                .extensions(router));
    }

    /** Starts a stand-in with the default classification and side reply. */
    public static AnthropicStandIn start() {
        return start(DECLARES_TOOLS, ScriptedReply.text("OK"));
    }

    public static AnthropicStandIn start(Predicate<JsonNode> isMainConversation, ScriptedReply sideReply) {
        AnthropicStandIn standIn = new AnthropicStandIn(isMainConversation, sideReply);
        standIn.server.start();
        standIn.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(MessagesRouter.NAME)));
        return standIn;
    }

    /** {@code http://127.0.0.1:PORT}, for {@code ANTHROPIC_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Appends replies to the queue served to main-conversation requests, in order. */
    public AnthropicStandIn enqueue(ScriptedReply... replies) {
        for (ScriptedReply reply : replies) {
            queue.add(reply);
        }
        return this;
    }

    /** Replies not served yet. */
    public int pendingReplies() {
        return queue.pending();
    }

    /** How many main requests came after the queue had run dry. */
    public int exhaustedCount() {
        return queue.exhaustedCount();
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return router.recorded();
    }

    public List<RecordedRequest> requests(RequestKind kind) {
        return router.recorded().stream().filter(r -> r.kind() == kind).toList();
    }

    /** The main-conversation requests, in order. */
    public List<RecordedRequest> mainRequests() {
        return requests(RequestKind.MAIN);
    }

    /** Requests the stand-in had no answer for (it answered them 404). */
    public List<RecordedRequest> unhandledRequests() {
        return requests(RequestKind.UNHANDLED);
    }

    @Override
    public void close() {
        server.stop();
    }
}
