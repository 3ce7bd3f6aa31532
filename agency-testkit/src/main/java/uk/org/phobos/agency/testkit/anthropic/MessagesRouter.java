package uk.org.phobos.agency.testkit.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers every request reaching the stand-in's one catch-all stub, and records it. */
final class MessagesRouter implements ResponseDefinitionTransformerV2 {
    static final String NAME = "anthropic-stand-in";
    private static final Logger log = LoggerFactory.getLogger(MessagesRouter.class);

    private final ObjectMapper json = new ObjectMapper();
    private final MessageRenderer renderer = new MessageRenderer();
    private final ReplyQueue queue;
    private final Predicate<JsonNode> isMainConversation;
    private final ScriptedReply sideReply;
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    MessagesRouter(ReplyQueue queue, Predicate<JsonNode> isMainConversation, ScriptedReply sideReply) {
        this.queue = queue;
        this.isMainConversation = isMainConversation;
        this.sideReply = sideReply;
    }

    List<RecordedRequest> recorded() {
        return List.copyOf(recorded);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        int n = sequence.incrementAndGet();
        String method = request.getMethod().getName();
        String path = request.getUrl().split("\\?", 2)[0];
        String bodyText = request.getBodyAsString();
        JsonNode body = parse(bodyText);
        if (method.equals("POST") && path.equals("/v1/messages")) {
            boolean main = isMainConversation.test(body);
            ScriptedReply reply = main ? queue.next(body.path("messages")) : sideReply;
            record(n, main ? RequestKind.MAIN : RequestKind.SIDE, request, bodyText, body, reply);
            return answer(n, body, reply);
        }
        if (method.equals("POST") && path.equals("/v1/messages/count_tokens")) {
            record(n, RequestKind.COUNT_TOKENS, request, bodyText, body, null);
            // A rough estimate is all the CLI uses it for: about four characters a token.
            return ok("application/json", renderer.countTokens(Math.max(1, bodyText.length() / 4)), n);
        }
        if ((method.equals("HEAD") || method.equals("GET")) && path.equals("/api/hello")) {
            record(n, RequestKind.HELLO, request, bodyText, body, null);
            return ok("application/json", "{}", n);
        }
        record(n, RequestKind.UNHANDLED, request, bodyText, body, null);
        log.warn("Anthropic stand-in has no answer for {} {}: 404", method, request.getUrl());
        return error(new ScriptedReply.ApiError(404, "not_found_error", "Not found: " + method + " " + path, false), n);
    }

    private ResponseDefinition answer(int n, JsonNode body, ScriptedReply reply) {
        if (reply instanceof ScriptedReply.ApiError apiError) {
            return error(apiError, n);
        }
        String model = body.path("model").asText("claude-sonnet-4-5");
        String messageId = String.format("msg_standin_%06d", n);
        return body.path("stream").asBoolean(false)
                ? ok("text/event-stream; charset=utf-8", renderer.sse(messageId, model, reply), n)
                : ok("application/json", renderer.json(messageId, model, reply), n);
    }

    private ResponseDefinition ok(String contentType, String body, int n) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", contentType)
                .withHeader("request-id", requestId(n))
                .withBody(body)
                .build();
    }

    private ResponseDefinition error(ScriptedReply.ApiError error, int n) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(error.status())
                .withHeader("Content-Type", "application/json")
                .withHeader("request-id", requestId(n))
                .withHeader("x-should-retry", "false")
                .withBody(renderer.error(error))
                .build();
    }

    private static String requestId(int n) {
        return String.format("req_standin_%06d", n);
    }

    private void record(
            int n, RequestKind kind, LoggedRequest request, String bodyText, JsonNode body, ScriptedReply reply) {
        Map<String, String> headers = new HashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
        }
        recorded.add(new RecordedRequest(
                n,
                kind,
                request.getMethod().getName(),
                request.getUrl(),
                headers,
                bodyText,
                body,
                Optional.ofNullable(reply)));
    }

    private JsonNode parse(String bodyText) {
        if (bodyText == null || bodyText.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(bodyText);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
