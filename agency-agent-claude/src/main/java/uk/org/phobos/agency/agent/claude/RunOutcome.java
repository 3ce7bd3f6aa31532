package uk.org.phobos.agency.agent.claude;

import uk.org.phobos.agency.core.api.TaskErrorType;

/** What a run came to, by {@link OutcomeRules}. */
public sealed interface RunOutcome {
    /** The CLI finished its work; {@code output} is its answer. */
    record Completed(String output) implements RunOutcome {}

    /** The CLI used up its turns; the caller may resume the session to go on. */
    record MaxTurns(String message) implements RunOutcome {}

    /** The run failed; {@code message} tells a person what happened. */
    record Failed(TaskErrorType type, String message) implements RunOutcome {}
}
