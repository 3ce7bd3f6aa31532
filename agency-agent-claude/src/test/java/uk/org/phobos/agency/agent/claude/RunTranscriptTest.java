package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

class RunTranscriptTest {
    private final StreamJsonParser parser = new StreamJsonParser();

    @Test
    void toolCallSuccessGivesAToolStepWithItsResultThenTheText() {
        RunTranscript transcript = transcriptOf(StreamJsonFixture.TOOL_CALL_SUCCESS);

        assertThat(transcript.steps())
                .containsExactly(
                        new Step(
                                Step.TOOL_CALL,
                                "Bash",
                                "echo hello > proof.txt",
                                "(Bash completed with no output)",
                                false),
                        Step.text("I wrote hello to proof.txt."));
        assertThat(transcript.lastText()).isEqualTo("I wrote hello to proof.txt.");
        assertThat(transcript.result())
                .hasValueSatisfying(r -> assertThat(r.subtype()).isEqualTo("success"));
        assertThat(transcript.init())
                .hasValueSatisfying(i -> assertThat(i.cwd()).isEqualTo(StreamJsonFixture.SESSION_DIR));
    }

    @Test
    void maxTurnsHasTheToolStepAndNoText() {
        RunTranscript transcript = transcriptOf(StreamJsonFixture.MAX_TURNS);

        assertThat(transcript.steps())
                .containsExactly(new Step(
                        Step.TOOL_CALL, "Bash", "echo one > turn.txt", "(Bash completed with no output)", false));
        assertThat(transcript.lastText()).isEmpty();
        assertThat(transcript.result())
                .hasValueSatisfying(r -> assertThat(r.subtype()).isEqualTo("error_max_turns"));
    }

    @Test
    void resumedAndApiErrorRunsHaveOneTextStep() {
        assertThat(transcriptOf(StreamJsonFixture.RESUMED_SUCCESS).steps())
                .containsExactly(Step.text("The word was PINEAPPLE."));
        RunTranscript apiError = transcriptOf(StreamJsonFixture.API_ERROR);
        assertThat(apiError.steps()).containsExactly(Step.text("API Error: 400 scripted failure"));
        assertThat(apiError.result())
                .hasValueSatisfying(r -> assertThat(r.isError()).isTrue());
    }

    @Test
    void previewsAreCutTo200CharactersButTheLastTextIsKeptWhole() {
        RunTranscript transcript = new RunTranscript();
        String longCommand = "echo " + "a".repeat(5000);
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("command", longCommand);
        String longText = "\uD83D\uDE00".repeat(300); // code points outside the BMP: 2 chars each

        transcript.accept(new StreamEvent.ToolCall("t1", "Bash", input));
        transcript.accept(new StreamEvent.ToolResult("t1", "b".repeat(5000), true));
        transcript.accept(new StreamEvent.AssistantText(longText));

        Step tool = transcript.steps().get(0);
        assertThat(tool.inputPreview()).hasSize(200).isEqualTo(longCommand.substring(0, 200));
        assertThat(tool.outputPreview()).isEqualTo("b".repeat(200));
        assertThat(tool.isError()).isTrue();
        Step text = transcript.steps().get(1);
        assertThat(text.inputPreview().codePointCount(0, text.inputPreview().length()))
                .isEqualTo(200);
        assertThat(transcript.lastText()).isEqualTo(longText);
    }

    @Test
    void toolInputWithoutAMainArgumentIsPreviewedAsJson() {
        RunTranscript transcript = new RunTranscript();
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.putArray("todos").addObject().put("content", "write tests");

        transcript.accept(new StreamEvent.ToolCall("t1", "TodoWrite", input));

        assertThat(transcript.steps().get(0).inputPreview()).isEqualTo("{\"todos\":[{\"content\":\"write tests\"}]}");
    }

    @Test
    void resultsAreMatchedToTheirCallByIdAndStrayResultsIgnored() {
        RunTranscript transcript = new RunTranscript();
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("file_path", "a.txt");
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("file_path", "b.txt");

        transcript.accept(new StreamEvent.ToolCall("ta", "Read", a));
        transcript.accept(new StreamEvent.ToolCall("tb", "Read", b));
        transcript.accept(new StreamEvent.ToolResult("tb", "B", false));
        transcript.accept(new StreamEvent.ToolResult("unknown", "?", true));
        transcript.accept(new StreamEvent.ToolResult("ta", "A", true));

        assertThat(transcript.steps())
                .containsExactly(
                        new Step(Step.TOOL_CALL, "Read", "a.txt", "A", true),
                        new Step(Step.TOOL_CALL, "Read", "b.txt", "B", false));
    }

    @Test
    void blankTextMakesNoStepAndOtherEventsAreIgnored() {
        RunTranscript transcript = new RunTranscript();

        transcript.accept(new StreamEvent.AssistantText("first"));
        transcript.accept(new StreamEvent.AssistantText("  "));
        transcript.accept(new StreamEvent.Other("rate_limit_event"));

        assertThat(transcript.steps()).containsExactly(Step.text("first"));
        assertThat(transcript.lastText()).isEqualTo("first");
        assertThat(transcript.result()).isEmpty();
    }

    private RunTranscript transcriptOf(StreamJsonFixture fixture) {
        RunTranscript transcript = new RunTranscript();
        fixture.lines().forEach(line -> transcript.acceptAll(parser.parse(line)));
        return transcript;
    }
}
