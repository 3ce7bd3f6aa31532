package uk.org.phobos.agency.testkit.streamjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Keeps the fakes honest: every field (with its JSON type) of an event the testkit builds must be
 * in the matching event the real CLI printed, as captured in the fixtures.
 */
class StreamJsonEventsTest {
    private static final String SESSION = "s";
    private static final String MODEL = "claude-sonnet-4-5";

    private final StreamJsonEvents events = new StreamJsonEvents();

    @Test
    void systemInitHasOnlyRealFields() {
        assertFieldsAreReal(
                events.systemInit(SESSION, "/w", MODEL, List.of("Bash"), "2.1.332"),
                real(
                        StreamJsonFixture.TOOL_CALL_SUCCESS,
                        e -> e.path("type").asText().equals("system")));
    }

    @Test
    void assistantTextHasOnlyRealFields() {
        assertFieldsAreReal(
                events.assistantText(SESSION, MODEL, "hi"),
                real(
                        StreamJsonFixture.TOOL_CALL_SUCCESS,
                        e -> e.path("type").asText().equals("assistant")
                                && firstBlockType(e).equals("text")));
    }

    @Test
    void assistantToolUseHasOnlyRealFields() {
        assertFieldsAreReal(
                events.assistantToolUse(SESSION, MODEL, "toolu_1", "Bash", Map.of("command", "ls", "description", "d")),
                real(
                        StreamJsonFixture.TOOL_CALL_SUCCESS,
                        e -> e.path("type").asText().equals("assistant")
                                && firstBlockType(e).equals("tool_use")));
    }

    @Test
    void userToolResultHasOnlyRealFields() {
        assertFieldsAreReal(
                events.userToolResult(SESSION, "toolu_1", "out", false),
                real(
                        StreamJsonFixture.TOOL_CALL_SUCCESS,
                        e -> e.path("type").asText().equals("user")));
    }

    @Test
    void resultsHaveOnlyRealFields() {
        Predicate<JsonNode> isResult = e -> e.path("type").asText().equals("result");
        assertFieldsAreReal(
                events.resultSuccess(SESSION, "done", 2, TokenUsage.SMALL, 0.01),
                real(StreamJsonFixture.TOOL_CALL_SUCCESS, isResult));
        assertFieldsAreReal(
                events.resultMaxTurns(SESSION, 1, 2, TokenUsage.SMALL, 0.01),
                real(StreamJsonFixture.MAX_TURNS, isResult));
        assertFieldsAreReal(
                events.resultApiError(SESSION, 400, "API Error: 400 bad"), real(StreamJsonFixture.API_ERROR, isResult));
    }

    @Test
    void resultsSayWhatTheRealCliSays() {
        JsonNode maxTurns =
                real(StreamJsonFixture.MAX_TURNS, e -> e.path("type").asText().equals("result"));
        JsonNode fake = events.resultMaxTurns(SESSION, 1, 2, TokenUsage.SMALL, 0.01);

        for (String field : List.of("subtype", "is_error", "terminal_reason", "stop_reason", "num_turns", "errors")) {
            assertThat(fake.path(field)).as(field).isEqualTo(maxTurns.path(field));
        }
        JsonNode apiError =
                real(StreamJsonFixture.API_ERROR, e -> e.path("type").asText().equals("result"));
        JsonNode fakeError = events.resultApiError(SESSION, 400, "API Error: 400 scripted failure");
        for (String field : List.of("subtype", "is_error", "terminal_reason", "api_error_status", "result")) {
            assertThat(fakeError.path(field)).as(field).isEqualTo(apiError.path(field));
        }
    }

    private static void assertFieldsAreReal(JsonNode fake, JsonNode real) {
        assertThat(fields(real)).containsAll(fields(fake));
    }

    private static JsonNode real(StreamJsonFixture fixture, Predicate<JsonNode> which) {
        return StreamJsonFixtureTest.events(fixture).stream()
                .filter(which)
                .findFirst()
                .orElseThrow();
    }

    private static String firstBlockType(JsonNode event) {
        return event.path("message").path("content").path(0).path("type").asText();
    }

    /** "path:TYPE" for every value in the tree; array elements share the path "name[]". */
    private static Set<String> fields(JsonNode node) {
        Set<String> fields = new TreeSet<>();
        collect("", node, fields);
        return fields;
    }

    private static void collect(String path, JsonNode node, Set<String> into) {
        into.add(path + ":" + node.getNodeType());
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(path + "[]", element, into));
        }
    }
}
