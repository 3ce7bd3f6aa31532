package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.Usage;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

class OutcomeRulesTest {
    private final StreamJsonParser parser = new StreamJsonParser();
    private final OutcomeRules rules = new OutcomeRules(Duration.ofMinutes(2), Duration.ofMinutes(10));

    @Test
    void successWithExitCodeZeroCompletesWithTheResultText() {
        RunTranscript run = transcriptOf(StreamJsonFixture.TOOL_CALL_SUCCESS);

        assertThat(rules.classify(run, exited(0))).isEqualTo(new RunOutcome.Completed("I wrote hello to proof.txt."));
        assertThat(rules.classify(run.result(), exited(0)))
                .isEqualTo(new RunOutcome.Completed("I wrote hello to proof.txt."));
    }

    @Test
    void anEmptyResultTextFallsBackToTheLastText() {
        StreamEvent.Result empty = new StreamEvent.Result("success", false, "", 1, 0, Usage.NONE, "completed", "s");

        assertThat(rules.classify(Optional.of(empty), exited(0), "the last words"))
                .isEqualTo(new RunOutcome.Completed("the last words"));
    }

    @Test
    void maxTurnsWinsOverIsErrorAndTheNonZeroExit() {
        RunTranscript run = transcriptOf(StreamJsonFixture.MAX_TURNS);
        assertThat(run.result().orElseThrow().isError()).isTrue();

        assertThat(rules.classify(run, exited(1)))
                .isEqualTo(new RunOutcome.MaxTurns("Reached maximum number of turns (1)"));
    }

    @Test
    void anErrorResultIsAnApiErrorWithTheClisMessage() {
        RunTranscript run = transcriptOf(StreamJsonFixture.API_ERROR);

        assertThat(rules.classify(run, exited(1)))
                .isEqualTo(new RunOutcome.Failed(TaskErrorType.API_ERROR, "API Error: 400 scripted failure"));
    }

    @Test
    void anErrorResultWithoutTextSaysWhy() {
        StreamEvent.Result silent =
                new StreamEvent.Result("error_during_execution", true, "", 1, 0, Usage.NONE, "", "s");

        assertThat(rules.classify(Optional.of(silent), exited(1)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.API_ERROR,
                        "Claude Code reported an error (error_during_execution) without a message"));
    }

    @Test
    void aSuccessResultWithANonZeroExitIsAClaudeError() {
        RunTranscript run = transcriptOf(StreamJsonFixture.RESUMED_SUCCESS);

        assertThat(rules.classify(run, new RunExit(3, EndReason.EXITED, "segfault in the bun runtime\n")))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.CLAUDE_ERROR,
                        "Claude Code exited with code 3 after its result; its last error output: "
                                + "segfault in the bun runtime"));
    }

    @Test
    void aCliStoppedForNotExitingAfterASuccessfulResultCompleted() {
        RunTranscript run = transcriptOf(StreamJsonFixture.RESUMED_SUCCESS);

        assertThat(rules.classify(run, new RunExit(RunExit.KILLED, EndReason.EXITED, "")))
                .isEqualTo(new RunOutcome.Completed("The word was PINEAPPLE."));
    }

    @Test
    void aCliStoppedForNotExitingAfterAnErrorResultFailsAsTheResultSays() {
        RunExit stoppedAfterResult = new RunExit(RunExit.KILLED, EndReason.EXITED, "");

        assertThat(rules.classify(transcriptOf(StreamJsonFixture.API_ERROR), stoppedAfterResult))
                .isInstanceOf(RunOutcome.Failed.class);
        assertThat(rules.classify(transcriptOf(StreamJsonFixture.MAX_TURNS), stoppedAfterResult))
                .isInstanceOf(RunOutcome.MaxTurns.class);
    }

    @Test
    void anotherSubtypeWithoutErrorIsNotACompletion() {
        StreamEvent.Result odd = new StreamEvent.Result("partial", false, "half", 1, 0, Usage.NONE, "", "s");

        assertThat(rules.classify(Optional.of(odd), exited(0)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.CLAUDE_ERROR, "Claude Code ended with result 'partial', not success"));
    }

    @Test
    void noResultNamesTheExitCodeAndStderr() {
        assertThat(rules.classify(Optional.empty(), new RunExit(127, EndReason.EXITED, "claude: not found\n")))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.NO_RESULT,
                        "Claude Code exited with code 127 without a result; its last error output: claude: not found"));
        assertThat(rules.classify(Optional.empty(), exited(0)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.NO_RESULT, "Claude Code exited with code 0 without a result."));
    }

    @ParameterizedTest
    @EnumSource(StreamJsonFixture.class)
    void aRunWeStoppedFailsForThatReasonWhateverItPrinted(StreamJsonFixture fixture) {
        RunTranscript run = transcriptOf(fixture);

        assertThat(rules.classify(run, stopped(EndReason.CANCELLED)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.CANCELLED, "Cancelled: Claude Code was stopped on request."));
        assertThat(rules.classify(run, stopped(EndReason.TIMED_OUT)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.TIMEOUT, "Timed out: Claude Code was stopped after 600 s."));
        assertThat(rules.classify(run, stopped(EndReason.STALLED)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.STALLED, "Stalled: no output for 120 s, so Claude Code was stopped."));
        assertThat(rules.classify(run, stopped(EndReason.SHUTDOWN)))
                .isEqualTo(new RunOutcome.Failed(TaskErrorType.CANCELLED, "the agent shut down"));
    }

    @Test
    void withoutDurationsTheMessagesStaySensible() {
        OutcomeRules plain = new OutcomeRules();

        assertThat(plain.classify(Optional.empty(), stopped(EndReason.STALLED)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.STALLED, "Stalled: no output for the stall window, so Claude Code was stopped."));
        assertThat(new OutcomeRules(Duration.ofMillis(500), null)
                        .classify(Optional.empty(), stopped(EndReason.STALLED)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.STALLED, "Stalled: no output for 0.5 s, so Claude Code was stopped."));
        assertThat(plain.classify(Optional.empty(), stopped(EndReason.TIMED_OUT)))
                .isEqualTo(new RunOutcome.Failed(
                        TaskErrorType.TIMEOUT, "Timed out: Claude Code was stopped before it finished."));
    }

    private static RunExit exited(int code) {
        return new RunExit(code, EndReason.EXITED, "");
    }

    private static RunExit stopped(EndReason reason) {
        return new RunExit(RunExit.KILLED, reason, "");
    }

    private RunTranscript transcriptOf(StreamJsonFixture fixture) {
        RunTranscript transcript = new RunTranscript();
        fixture.lines().forEach(line -> transcript.acceptAll(parser.parse(line)));
        return transcript;
    }
}
