package uk.org.phobos.agency.testkit.streamjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamJsonFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(StreamJsonFixture.class)
    void everyLineIsAnEventOfTheRealCliStartingWithInitAndEndingWithAResult(StreamJsonFixture fixture) {
        List<JsonNode> events = events(fixture);

        assertThat(events.get(0).path("type").asText()).isEqualTo("system");
        assertThat(events.get(0).path("subtype").asText()).isEqualTo("init");
        assertThat(events.get(0).path("claude_code_version").asText()).isEqualTo(StreamJsonFixture.CLI_VERSION);
        assertThat(events.get(0).path("cwd").asText()).isEqualTo(StreamJsonFixture.SESSION_DIR);
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("result");
        String sessionId = events.get(0).path("session_id").asText();
        assertThat(events)
                .allSatisfy(e -> assertThat(e.path("session_id").asText()).isEqualTo(sessionId));
        assertThat(String.join("\n", fixture.lines())).doesNotContain("/tmp/junit");
    }

    @ParameterizedTest
    @EnumSource(StreamJsonFixture.class)
    void theResultSaysHowTheRunEnded(StreamJsonFixture fixture) {
        List<JsonNode> events = events(fixture);
        JsonNode result = events.get(events.size() - 1);

        switch (fixture) {
            case TOOL_CALL_SUCCESS, RESUMED_SUCCESS -> {
                assertThat(result.path("subtype").asText()).isEqualTo("success");
                assertThat(result.path("is_error").asBoolean(true)).isFalse();
            }
            case MAX_TURNS -> {
                assertThat(result.path("subtype").asText()).isEqualTo("error_max_turns");
                assertThat(result.path("is_error").asBoolean()).isTrue();
            }
            case API_ERROR -> {
                assertThat(result.path("subtype").asText()).isEqualTo("success");
                assertThat(result.path("is_error").asBoolean()).isTrue();
                assertThat(result.path("terminal_reason").asText()).isEqualTo("api_error");
            }
        }
        assertThat(result.path("num_turns").isInt()).isTrue();
        assertThat(result.path("total_cost_usd").isNumber()).isTrue();
        assertThat(result.path("usage").path("input_tokens").isNumber()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = StreamJsonFixture.class,
            names = {"TOOL_CALL_SUCCESS", "MAX_TURNS"})
    void aToolCallIsAnAssistantToolUseAnsweredByAUserToolResult(StreamJsonFixture fixture) {
        List<JsonNode> events = events(fixture);

        JsonNode toolUse = events.get(1).path("message").path("content").get(0);
        JsonNode toolResult = events.get(2).path("message").path("content").get(0);
        assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.path("name").asText()).isEqualTo("Bash");
        assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.path("tool_use_id").asText())
                .isEqualTo(toolUse.path("id").asText());
    }

    static List<JsonNode> events(StreamJsonFixture fixture) {
        return fixture.lines().stream()
                .map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Not JSON in " + fixture + ": " + line, e);
                    }
                })
                .toList();
    }
}
