package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Usage;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

class TaskStreamReplayTest {
    private static final Step BASH_ONE =
            new Step(Step.TOOL_CALL, "Bash", "echo one > turn.txt", "(Bash completed with no output)", false);
    private final StreamJsonParser parser = new StreamJsonParser();

    @Test
    void eachInitStartsARunAndTheTotalsAddUpOverTheRuns() {
        List<String> lines = new ArrayList<>(StreamJsonFixture.MAX_TURNS.lines());
        lines.addAll(StreamJsonFixture.RESUMED_SUCCESS.lines());

        TaskStreamReplay replay = TaskStreamReplay.of(parser, lines);

        assertThat(replay.runs()).hasSize(2);
        assertThat(replay.steps()).containsExactly(BASH_ONE, Step.text("The word was PINEAPPLE."));
        assertThat(replay.hasResult()).isTrue();
        assertThat(replay.usage()).isEqualTo(new Usage(20, 10, 0, 0));
        assertThat(replay.numTurns()).isEqualTo(3);
        // Each run's own cost, not the session's running total.
        assertThat(replay.costUsd()).isCloseTo(0.00021, within(1e-12));
        assertThat(replay.output()).contains("The word was PINEAPPLE.");
    }

    @Test
    void aRunCutShortHasItsStepsSoFarAndNoResultAndATornLineAddsNothing() {
        List<String> lines = new ArrayList<>(StreamJsonFixture.TOOL_CALL_SUCCESS.lines());
        lines.remove(lines.size() - 1); // the result never came
        lines.add("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"half");

        TaskStreamReplay replay = TaskStreamReplay.of(parser, lines);

        assertThat(replay.runs()).hasSize(1);
        assertThat(replay.steps())
                .containsExactly(
                        new Step(
                                Step.TOOL_CALL,
                                "Bash",
                                "echo hello > proof.txt",
                                "(Bash completed with no output)",
                                false),
                        Step.text("I wrote hello to proof.txt."));
        assertThat(replay.hasResult()).isFalse();
        assertThat(replay.usage()).isEqualTo(Usage.NONE);
        assertThat(replay.numTurns()).isZero();
        assertThat(replay.output()).contains("I wrote hello to proof.txt.");
    }

    @Test
    void aRunWithoutItsInitIsStillARunAndNothingGivesNoRun() {
        List<String> lines = new ArrayList<>(StreamJsonFixture.MAX_TURNS.lines());
        lines.remove(0);

        assertThat(TaskStreamReplay.of(parser, lines).steps()).containsExactly(BASH_ONE);
        assertThat(TaskStreamReplay.of(parser, lines).runs()).hasSize(1);
        TaskStreamReplay nothing = TaskStreamReplay.of(parser, List.of("", "not json", "{\"type\":\"sys"));
        assertThat(nothing.runs()).isEmpty();
        assertThat(nothing.output()).isEmpty();
    }
}
