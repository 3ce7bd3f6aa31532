package uk.org.phobos.agency.agent.history;

import java.time.Instant;
import java.util.List;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;

/** Tasks for the tests of this package. */
final class TestTasks {
    static final Instant BASE = Instant.parse("2026-03-01T10:00:00.123456789Z");

    private TestTasks() {}

    /** A working task created {@code second} seconds after {@link #BASE}. */
    static Task working(String taskId, long second) {
        return working(taskId, BASE.plusSeconds(second));
    }

    static Task working(String taskId, Instant createdAt) {
        return new Task(
                taskId,
                "session-" + taskId,
                TaskState.WORKING,
                "prompt of " + taskId,
                "claude-sonnet-4-5",
                TaskSource.CLI,
                null,
                createdAt,
                createdAt.plusMillis(5),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                List.of(),
                null);
    }

    /** A failed task with every field set, awkward values included. */
    static Task everyField(String taskId) {
        return new Task(
                taskId,
                "s.1_a-b",
                TaskState.FAILED,
                "Fix the bug in \"main\" \u2014 caf\u00e9 \uD83D\uDE80\nsecond line\ttab",
                "claude-opus-4-1",
                TaskSource.SCHEDULER,
                "job:nightly/run-42",
                BASE,
                BASE.plusNanos(1),
                BASE.plusSeconds(61).plusNanos(987_654_321),
                61.864197532,
                1,
                "partial output \u00e9\u00e8",
                new TaskError(TaskErrorType.MAX_TURNS, "ran out of turns after 3 runs"),
                new Usage(123_456_789_012L, 2, 3, 4),
                0.1 + 0.2,
                17,
                3,
                List.of(
                        Step.text("Looking at the code \uD83D\uDE80"),
                        Step.toolCall("Bash", "ls -la").withResult("total 0", false),
                        Step.toolCall("Edit", "x".repeat(500)).withResult("boom", true),
                        new Step(Step.TOOL_CALL, "Read", null, null, null)),
                null);
    }
}
