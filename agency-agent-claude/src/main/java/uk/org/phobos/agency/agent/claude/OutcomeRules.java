package uk.org.phobos.agency.agent.claude;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import uk.org.phobos.agency.core.api.TaskErrorType;

/**
 * Decides what a run came to from its result event and how it ended (SPEC.md section 3). A run we
 * stopped failed for that reason, whatever it printed. Otherwise the result decides: error_max_turns
 * before is_error (the real CLI reports hitting the turn limit with is_error true and exit code 1),
 * then is_error (the CLI's own message), then completed only for subtype success with exit code 0,
 * or when we stopped a CLI that did not exit after its result.
 */
public final class OutcomeRules {
    private final Duration stallTimeout;
    private final Duration timeout;

    /** Messages that do not name the stall window or the timeout. */
    public OutcomeRules() {
        this(null, null);
    }

    /** Messages that name the stall window and the timeout in force (either may be null). */
    public OutcomeRules(Duration stallTimeout, Duration timeout) {
        this.stallTimeout = stallTimeout;
        this.timeout = timeout;
    }

    public RunOutcome classify(Optional<StreamEvent.Result> result, RunExit exit) {
        return classify(result, exit, "");
    }

    public RunOutcome classify(RunTranscript transcript, RunExit exit) {
        return classify(transcript.result(), exit, transcript.lastText());
    }

    /** {@code lastText} is the output when a successful result has no text of its own. */
    public RunOutcome classify(Optional<StreamEvent.Result> result, RunExit exit, String lastText) {
        if (exit.endedBy() != EndReason.EXITED) {
            return stoppedBy(exit.endedBy());
        }
        if (result.isEmpty()) {
            return new RunOutcome.Failed(
                    TaskErrorType.NO_RESULT,
                    withStderr("Claude Code exited with code " + exit.exitCode() + " without a result", exit));
        }
        StreamEvent.Result r = result.get();
        if (StreamEvent.Result.ERROR_MAX_TURNS.equals(r.subtype())) {
            return new RunOutcome.MaxTurns(
                    r.result().isBlank() ? "Claude Code reached the maximum number of turns" : r.result());
        }
        if (r.isError()) {
            return new RunOutcome.Failed(TaskErrorType.API_ERROR, errorMessage(r));
        }
        // The real CLI stays alive after its result while a background command it started runs;
        // stopping it then (RunHandle.exitWithin) ends a finished run, so it counts as exit code 0.
        if (exit.exitCode() != 0 && !exit.stoppedAfterResult()) {
            return new RunOutcome.Failed(
                    TaskErrorType.CLAUDE_ERROR,
                    withStderr("Claude Code exited with code " + exit.exitCode() + " after its result", exit));
        }
        if (!StreamEvent.Result.SUCCESS.equals(r.subtype())) {
            return new RunOutcome.Failed(
                    TaskErrorType.CLAUDE_ERROR, "Claude Code ended with result '" + r.subtype() + "', not success");
        }
        return new RunOutcome.Completed(r.result().isBlank() ? lastText : r.result());
    }

    private RunOutcome stoppedBy(EndReason reason) {
        return switch (reason) {
            case CANCELLED ->
                new RunOutcome.Failed(TaskErrorType.CANCELLED, "Cancelled: Claude Code was stopped on request.");
            case TIMED_OUT -> new RunOutcome.Failed(TaskErrorType.TIMEOUT, timedOutMessage());
            case STALLED -> new RunOutcome.Failed(TaskErrorType.STALLED, stalledMessage());
            case SHUTDOWN -> new RunOutcome.Failed(TaskErrorType.CANCELLED, "the agent shut down");
            case EXITED -> throw new IllegalArgumentException("not stopped: " + reason);
        };
    }

    private String timedOutMessage() {
        return timeout == null
                ? "Timed out: Claude Code was stopped before it finished."
                : "Timed out: Claude Code was stopped after " + seconds(timeout) + " s.";
    }

    private String stalledMessage() {
        String window = stallTimeout == null ? "the stall window" : seconds(stallTimeout) + " s";
        return "Stalled: no output for " + window + ", so Claude Code was stopped.";
    }

    private static String errorMessage(StreamEvent.Result r) {
        if (!r.result().isBlank()) {
            return r.result();
        }
        String reason = r.terminalReason().isBlank() ? r.subtype() : r.terminalReason();
        return "Claude Code reported an error (" + reason + ") without a message";
    }

    private static String withStderr(String message, RunExit exit) {
        String tail = exit.stderrTail().strip();
        return tail.isEmpty() ? message + "." : message + "; its last error output: " + tail;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
