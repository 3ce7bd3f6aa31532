package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.org.phobos.agency.core.api.Usage;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

class StreamJsonParserTest {
    private static final String MODEL = "claude-sonnet-4-5";

    private final StreamJsonParser parser = new StreamJsonParser();

    @Test
    void toolCallSuccess() {
        List<StreamEvent> events = parseAll(StreamJsonFixture.TOOL_CALL_SUCCESS);

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Init", "ToolCall", "ToolResult", "AssistantText", "Result");
        StreamEvent.Init init = (StreamEvent.Init) events.get(0);
        assertInit(init);
        StreamEvent.ToolCall call = (StreamEvent.ToolCall) events.get(1);
        assertThat(call.id()).startsWith("toolu_");
        assertThat(call.name()).isEqualTo("Bash");
        assertThat(call.input().path("command").asText()).isEqualTo("echo hello > proof.txt");
        assertThat(events.get(2))
                .isEqualTo(new StreamEvent.ToolResult(call.id(), "(Bash completed with no output)", false));
        assertThat(events.get(3)).isEqualTo(new StreamEvent.AssistantText("I wrote hello to proof.txt."));
        StreamEvent.Result result = (StreamEvent.Result) events.get(4);
        assertThat(result.subtype()).isEqualTo("success");
        assertThat(result.isError()).isFalse();
        assertThat(result.result()).isEqualTo("I wrote hello to proof.txt.");
        assertThat(result.numTurns()).isEqualTo(2);
        assertThat(result.totalCostUsd()).isCloseTo(0.00021, within(1e-12));
        assertThat(result.runCostUsd()).isCloseTo(0.00021, within(1e-12));
        assertThat(result.usage()).isEqualTo(new Usage(20, 10, 0, 0));
        assertThat(result.terminalReason()).isEqualTo("completed");
        assertThat(result.sessionId()).isEqualTo(init.sessionId());
    }

    @Test
    void maxTurnsTakesItsMessageFromTheErrors() {
        List<StreamEvent> events = parseAll(StreamJsonFixture.MAX_TURNS);

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Init", "ToolCall", "ToolResult", "Result");
        assertInit((StreamEvent.Init) events.get(0));
        StreamEvent.Result result = (StreamEvent.Result) events.get(3);
        assertThat(result.subtype()).isEqualTo("error_max_turns");
        assertThat(result.isError()).isTrue();
        assertThat(result.result()).isEqualTo("Reached maximum number of turns (1)");
        assertThat(result.numTurns()).isEqualTo(2);
        assertThat(result.totalCostUsd()).isCloseTo(0.000105, within(1e-12));
        assertThat(result.runCostUsd()).isCloseTo(0.000105, within(1e-12));
        assertThat(result.usage()).isEqualTo(new Usage(10, 5, 0, 0));
        assertThat(result.terminalReason()).isEqualTo("max_turns");
    }

    @Test
    void resumedSuccess() {
        List<StreamEvent> events = parseAll(StreamJsonFixture.RESUMED_SUCCESS);

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Init", "AssistantText", "Result");
        assertInit((StreamEvent.Init) events.get(0));
        assertThat(events.get(1)).isEqualTo(new StreamEvent.AssistantText("The word was PINEAPPLE."));
        StreamEvent.Result result = (StreamEvent.Result) events.get(2);
        assertThat(result.subtype()).isEqualTo("success");
        assertThat(result.isError()).isFalse();
        assertThat(result.result()).isEqualTo("The word was PINEAPPLE.");
        assertThat(result.numTurns()).isEqualTo(1);
        // The real CLI's total_cost_usd of a resumed run covers the whole session (both runs),
        // while usage and model_usage_since_last_result cover this run only.
        assertThat(result.totalCostUsd()).isCloseTo(0.00021, within(1e-12));
        assertThat(result.runCostUsd()).isCloseTo(0.000105, within(1e-12));
        assertThat(result.usage()).isEqualTo(new Usage(10, 5, 0, 0));
    }

    @Test
    void apiErrorIsAnErrorResultWithSubtypeSuccess() {
        List<StreamEvent> events = parseAll(StreamJsonFixture.API_ERROR);

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Init", "AssistantText", "Result");
        // The CLI reports the error as a synthetic assistant message as well.
        assertThat(events.get(1)).isEqualTo(new StreamEvent.AssistantText("API Error: 400 scripted failure"));
        StreamEvent.Result result = (StreamEvent.Result) events.get(2);
        assertThat(result.subtype()).isEqualTo("success");
        assertThat(result.isError()).isTrue();
        assertThat(result.result()).isEqualTo("API Error: 400 scripted failure");
        assertThat(result.terminalReason()).isEqualTo("api_error");
        assertThat(result.usage()).isEqualTo(Usage.NONE);
        assertThat(result.totalCostUsd()).isZero();
        assertThat(result.runCostUsd()).isZero();
    }

    @ParameterizedTest
    @EnumSource(StreamJsonFixture.class)
    void everyLineCutInHalfGivesNoEventAndNoException(StreamJsonFixture fixture) {
        for (String line : fixture.lines()) {
            assertThat(parser.parse(line.substring(0, line.length() / 2))).isEmpty();
            assertThat(parser.parse(line.substring(0, line.length() - 1))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t", "hello", "{", "{\"type\":", "}", "{\"type\":\"result\"} trailing", "nul"})
    void blankOrBrokenLinesGiveNoEvent(String line) {
        assertThat(parser.parse(line)).isEmpty();
    }

    @Test
    void nullGivesNoEvent() {
        assertThat(parser.parse(null)).isEmpty();
    }

    @Test
    void nestingBeyondJacksonsLimitGivesNoEvent() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(parser.parse(deep)).isEmpty();
    }

    @Test
    void unknownTypesAreOther() {
        assertThat(parser.parse("{\"type\":\"rate_limit_event\",\"rate_limit_info\":{}}"))
                .containsExactly(new StreamEvent.Other("rate_limit_event"));
        assertThat(parser.parse("{\"event\":{\"type\":\"message_start\"},\"type\":\"stream_event\"}"))
                .containsExactly(new StreamEvent.Other("stream_event"));
    }

    @Test
    void jsonWithoutATypeIsOtherWithNullType() {
        assertThat(parser.parse("{}")).containsExactly(new StreamEvent.Other(null));
        assertThat(parser.parse("[1,2]")).containsExactly(new StreamEvent.Other(null));
        assertThat(parser.parse("42")).containsExactly(new StreamEvent.Other(null));
        assertThat(parser.parse("null")).containsExactly(new StreamEvent.Other(null));
        assertThat(parser.parse("{\"type\":7}")).containsExactly(new StreamEvent.Other(null));
    }

    @Test
    void knownTypesWithNothingModelledAreOther() {
        assertThat(parser.parse("{\"type\":\"system\",\"subtype\":\"compact_boundary\"}"))
                .containsExactly(new StreamEvent.Other("system"));
        assertThat(parser.parse("{\"type\":\"assistant\"}")).containsExactly(new StreamEvent.Other("assistant"));
        assertThat(parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"thinking\","
                        + "\"thinking\":\"hmm\"}]}}"))
                .containsExactly(new StreamEvent.Other("assistant"));
        // A user message with plain string content is a prompt, not a tool result.
        assertThat(parser.parse("{\"type\":\"user\",\"message\":{\"content\":\"do it\"}}"))
                .containsExactly(new StreamEvent.Other("user"));
    }

    @Test
    void missingFieldsReadAsEmpty() {
        assertThat(parser.parse("{\"type\":\"result\"}"))
                .containsExactly(new StreamEvent.Result("", false, "", 0, 0, Usage.NONE, "", ""));
        assertThat(parser.parse("{\"type\":\"result\",\"total_cost_usd\":0.5}"))
                .singleElement()
                .isInstanceOfSatisfying(
                        StreamEvent.Result.class,
                        r -> assertThat(r.runCostUsd())
                                .as("without model_usage_since_last_result, the total")
                                .isEqualTo(0.5));
        assertThat(parser.parse("{\"type\":\"system\",\"subtype\":\"init\"}"))
                .containsExactly(new StreamEvent.Init("", "", ""));
        List<StreamEvent> call =
                parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\"}]}}");
        assertThat(call).singleElement().isInstanceOfSatisfying(StreamEvent.ToolCall.class, c -> {
            assertThat(c.id()).isEmpty();
            assertThat(c.name()).isEmpty();
            assertThat(c.input().isObject()).isTrue();
        });
        assertThat(parser.parse("{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\"}]}}"))
                .containsExactly(new StreamEvent.ToolResult("", "", false));
    }

    @Test
    void oneMessageWithTextAndToolUseGivesOneEventPerBlock() {
        List<StreamEvent> events = parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"thinking\",\"thinking\":\"...\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\":{\"file_path\":\"a.txt\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"Read\",\"input\":{\"file_path\":\"b.txt\"}}]}}");

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new StreamEvent.AssistantText("Let me look."));
        assertThat(events.get(1))
                .isInstanceOfSatisfying(
                        StreamEvent.ToolCall.class, c -> assertThat(c.id()).isEqualTo("t1"));
        assertThat(events.get(2))
                .isInstanceOfSatisfying(
                        StreamEvent.ToolCall.class, c -> assertThat(c.id()).isEqualTo("t2"));
    }

    @Test
    void toolResultContentGivenAsBlocksIsFlattened() {
        List<StreamEvent> events = parser.parse("{\"type\":\"user\",\"message\":{\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true,\"content\":["
                + "{\"type\":\"text\",\"text\":\"line one\"},{\"type\":\"image\",\"source\":{}},"
                + "{\"type\":\"text\",\"text\":\"line two\"}]}]}}");

        assertThat(events).containsExactly(new StreamEvent.ToolResult("t1", "line one\n[image]\nline two", true));
    }

    @Test
    void veryLongLinesParse() {
        String text = "x".repeat(5_000_000);
        assertThat(parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\""
                        + text + "\"}]}}"))
                .containsExactly(new StreamEvent.AssistantText(text));
    }

    private static void assertInit(StreamEvent.Init init) {
        assertThat(init.sessionId()).matches("[0-9a-f-]{36}");
        assertThat(init.model()).isEqualTo(MODEL);
        assertThat(init.cwd()).isEqualTo(StreamJsonFixture.SESSION_DIR);
    }

    private List<StreamEvent> parseAll(StreamJsonFixture fixture) {
        return fixture.lines().stream()
                .flatMap(line -> Stream.of(parser.parse(line)).flatMap(List::stream))
                .toList();
    }
}
