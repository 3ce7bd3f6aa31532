package uk.org.phobos.agency.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicStandInTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ObjectMapper json = new ObjectMapper();
    private final AnthropicStandIn standIn = AnthropicStandIn.start();

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(standIn.baseUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void streamsAScriptedTextReplyAsServerSentEvents() throws Exception {
        standIn.enqueue(ScriptedReply.text("Hello there, this text spans a few chunks."));

        HttpResponse<String> response = post("/v1/messages?beta=true", request(true, "hi"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<JsonNode> events = sse(response.body());
        assertThat(events)
                .extracting(e -> e.path("type").asText())
                .startsWith("message_start", "ping", "content_block_start", "content_block_delta")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> e.path("type").asText().equals("content_block_delta"))
                .forEach(e -> {
                    assertThat(e.path("delta").path("type").asText()).isEqualTo("text_delta");
                    text.append(e.path("delta").path("text").asText());
                });
        assertThat(text).hasToString("Hello there, this text spans a few chunks.");
        JsonNode messageDelta = events.get(events.size() - 2);
        assertThat(messageDelta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(messageDelta.path("usage").path("output_tokens").asInt()).isPositive();
        assertThat(events.get(0).path("message").path("model").asText()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void streamsAToolCallAsInputJsonDeltas() throws Exception {
        ScriptedReply.ToolUse call = ScriptedReply.bash("echo hello > proof.txt");
        standIn.enqueue(call);

        List<JsonNode> events = sse(post("/v1/messages", request(true, "go")).body());

        JsonNode start = events.stream()
                .filter(e -> e.path("type").asText().equals("content_block_start"))
                .findFirst()
                .orElseThrow();
        assertThat(start.path("content_block").path("type").asText()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("id").asText()).isEqualTo(call.id());
        assertThat(start.path("content_block").path("name").asText()).isEqualTo("Bash");
        StringBuilder input = new StringBuilder();
        events.stream()
                .filter(e -> e.path("type").asText().equals("content_block_delta"))
                .forEach(e -> input.append(e.path("delta").path("partial_json").asText()));
        assertThat(json.readTree(input.toString()).path("command").asText()).isEqualTo("echo hello > proof.txt");
        assertThat(events.get(events.size() - 2)
                        .path("delta")
                        .path("stop_reason")
                        .asText())
                .isEqualTo("tool_use");
    }

    @Test
    void answersWithOneJsonMessageWhenNotAskedToStream() throws Exception {
        standIn.enqueue(ScriptedReply.toolUse("Read", Map.of("file_path", "/tmp/x")));

        HttpResponse<String> response = post("/v1/messages", request(false, "read it"));

        JsonNode message = json.readTree(response.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.path("content")
                        .get(0)
                        .path("input")
                        .path("file_path")
                        .asText())
                .isEqualTo("/tmp/x");
        assertThat(standIn.mainRequests())
                .singleElement()
                .satisfies(r -> assertThat(r.streamed()).isFalse());
    }

    @Test
    void servesRepliesInOrderAndRecordsTheRequests() throws Exception {
        ScriptedReply.ToolUse call = ScriptedReply.bash("ls");
        standIn.enqueue(call, ScriptedReply.text("second"));

        post("/v1/messages", request(true, "first prompt"));
        ObjectNode followUp = request(true, "first prompt");
        ObjectNode toolResult = json.createObjectNode();
        toolResult.put("type", "tool_result").put("tool_use_id", call.id()).put("content", "a b c");
        ObjectNode user = followUp.withArray("messages").addObject().put("role", "user");
        user.putArray("content").add(toolResult);
        post("/v1/messages", followUp);

        List<RecordedRequest> main = standIn.mainRequests();
        assertThat(main).hasSize(2);
        assertThat(main.get(0).reply()).hasValue(call);
        assertThat(main.get(0).userTexts()).contains("first prompt");
        assertThat(main.get(0).header("anthropic-version")).hasValue("2023-06-01");
        assertThat(main.get(1).toolResults())
                .singleElement()
                .satisfies(r -> assertThat(r.path("tool_use_id").asText()).isEqualTo(call.id()));
        assertThat(standIn.pendingReplies()).isZero();
        assertThat(standIn.exhaustedCount()).isZero();
    }

    @Test
    void requestsWithoutToolsAreSideRequestsAndTakeNothingFromTheQueue() throws Exception {
        standIn.enqueue(ScriptedReply.text("for the conversation"));
        ObjectNode titleRequest = request(true, "Write a title for this conversation");
        titleRequest.remove("tools");

        List<JsonNode> events = sse(post("/v1/messages", titleRequest).body());

        assertThat(events.stream().filter(e -> e.path("type").asText().equals("content_block_delta")))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.path("delta").path("text").asText()).isEqualTo("OK"));
        assertThat(standIn.requests(RequestKind.SIDE)).hasSize(1);
        assertThat(standIn.pendingReplies()).isEqualTo(1);
    }

    @Test
    void aStickyErrorAnswersRetriesOfTheSameRequestUntilTheConversationMovesOn() throws Exception {
        standIn.enqueue(ScriptedReply.apiError(400, "invalid_request_error", "bad"), ScriptedReply.text("later"));

        HttpResponse<String> first = post("/v1/messages", request(true, "x"));
        HttpResponse<String> retry = post("/v1/messages", request(true, "x"));
        HttpResponse<String> nextTurn = post("/v1/messages", request(true, "y"));

        assertThat(first.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(first.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).isEqualTo("bad");
        assertThat(retry.statusCode()).isEqualTo(400);
        assertThat(nextTurn.statusCode()).isEqualTo(200);
    }

    @Test
    void aRetryWhoseSystemRemindersChangedIsStillARetry() throws Exception {
        standIn.enqueue(ScriptedReply.apiError(400, "invalid_request_error", "bad"), ScriptedReply.text("later"));
        ObjectNode retry = request(true, "x");
        ObjectNode content =
                (ObjectNode) retry.path("messages").get(0).path("content").get(0);
        content.putObject("cache_control").put("type", "ephemeral");
        ((com.fasterxml.jackson.databind.node.ArrayNode)
                        retry.path("messages").get(0).path("content"))
                .addObject()
                .put("type", "text")
                .put("text", "<system-reminder>\nToolSearch is no longer available.\n</system-reminder>\n");

        assertThat(post("/v1/messages", request(true, "x")).statusCode()).isEqualTo(400);
        assertThat(post("/v1/messages", retry).statusCode()).isEqualTo(400);
    }

    @Test
    void aOneOffErrorLetsTheRetryHaveTheNextReply() throws Exception {
        standIn.enqueue(ScriptedReply.overloadedOnce(), ScriptedReply.text("recovered"));

        HttpResponse<String> first = post("/v1/messages", request(true, "x"));
        HttpResponse<String> retry = post("/v1/messages", request(true, "x"));

        assertThat(first.statusCode()).isEqualTo(529);
        assertThat(json.readTree(first.body()).path("error").path("type").asText())
                .isEqualTo("overloaded_error");
        assertThat(retry.statusCode()).isEqualTo(200);
    }

    @Test
    void aDryQueueEndsTheTurnWithATextAndCountsIt() throws Exception {
        HttpResponse<String> response = post("/v1/messages", request(false, "x"));

        assertThat(json.readTree(response.body()).path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(standIn.exhaustedCount()).isEqualTo(1);
    }

    @Test
    void countsTokensAndRejectsUnknownRoutesInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> count = post("/v1/messages/count_tokens", request(false, "count me"));
        HttpResponse<String> unknown = post("/v1/unknown", request(false, "?"));

        assertThat(json.readTree(count.body()).path("input_tokens").asInt()).isPositive();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").path("type").asText())
                .isEqualTo("not_found_error");
        assertThat(standIn.unhandledRequests())
                .singleElement()
                .satisfies(r -> assertThat(r.url()).isEqualTo("/v1/unknown"));
        assertThat(standIn.requests(RequestKind.COUNT_TOKENS)).hasSize(1);
    }

    @Test
    void answersTheReachabilityCheck() throws Exception {
        HttpResponse<Void> hello = HTTP.send(
                HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/hello"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(standIn.requests(RequestKind.HELLO)).hasSize(1);
    }

    private ObjectNode request(boolean stream, String prompt) {
        ObjectNode body = json.createObjectNode();
        body.put("model", "claude-sonnet-4-5");
        body.put("max_tokens", 1024);
        body.put("stream", stream);
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("name", "Bash");
        ObjectNode user = body.putArray("messages").addObject();
        user.put("role", "user");
        user.putArray("content").addObject().put("type", "text").put("text", prompt);
        return body;
    }

    private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> sse(String body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String eventName = null;
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("event: ")) {
                eventName = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                JsonNode data = json.readTree(line.substring("data: ".length()));
                assertThat(data.path("type").asText()).isEqualTo(eventName);
                events.add(data);
            }
        }
        return events;
    }
}
