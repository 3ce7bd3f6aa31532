package uk.org.phobos.agency.agent.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.agent.claude.RunExit;
import uk.org.phobos.agency.agent.claude.RunTranscript;
import uk.org.phobos.agency.agent.claude.StreamEvent;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;

/**
 * The running task's facts, updated as its runs go; {@link #snapshot()} gives the wire shape. The
 * end of a task is decided first ({@link #complete}, {@link #fail}) and shown only once it is
 * {@link #publishEnd() published}, so that nobody sees a task as ended while the agent still
 * holds it as busy.
 */
final class TaskRecord {
    private final String taskId;
    private final String sessionId;
    private final String prompt;
    private final String model;
    private final TaskSource source;
    private final String sourceRef;
    private final Instant createdAt;
    private final TaskSandbox sandbox;
    private final List<Step> steps = new ArrayList<>();
    private TaskState state = TaskState.WORKING;
    private boolean endPublished;
    private Instant startedAt;
    private Instant completedAt;
    private Integer exitCode;
    private String output;
    private TaskError error;
    private Usage usage = Usage.NONE;
    private double costUsd;
    private int numTurns;
    private int attempts;

    TaskRecord(
            String taskId,
            String sessionId,
            TaskRequest request,
            String model,
            TaskSandbox sandbox,
            Instant createdAt) {
        this.taskId = taskId;
        this.sessionId = sessionId;
        this.prompt = request.prompt();
        this.model = model;
        this.source = request.source();
        this.sourceRef = request.sourceRef();
        this.sandbox = sandbox;
        this.createdAt = createdAt;
        this.startedAt = createdAt;
    }

    String taskId() {
        return taskId;
    }

    String sessionId() {
        return sessionId;
    }

    String prompt() {
        return prompt;
    }

    synchronized Instant startedAt() {
        return startedAt;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized void runStarting(Instant now) {
        if (attempts == 0) {
            startedAt = now;
        }
        attempts++;
    }

    /** Adds what one run did: its steps, and its tokens, cost and turns from its result. */
    synchronized void runEnded(RunTranscript transcript, RunExit exit) {
        steps.addAll(transcript.steps());
        exitCode = exit.exitCode();
        transcript.result().ifPresent(this::count);
        String text = transcript
                .result()
                .map(StreamEvent.Result::result)
                .filter(r -> !r.isBlank())
                .orElse(null);
        if (text == null && !transcript.lastText().isBlank()) {
            text = transcript.lastText();
        }
        if (text != null) {
            output = text;
        }
    }

    private void count(StreamEvent.Result result) {
        if (result.usage() != null) {
            usage = usage.plus(result.usage());
        }
        costUsd += result.runCostUsd();
        numTurns += result.numTurns();
    }

    synchronized void complete(String finalOutput, Instant now) {
        output = finalOutput;
        end(TaskState.COMPLETED, null, now);
    }

    synchronized void fail(TaskErrorType type, String message, Instant now) {
        TaskState ending = switch (type) {
            case CANCELLED -> TaskState.CANCELLED;
            case INTERRUPTED -> TaskState.INTERRUPTED;
            default -> TaskState.FAILED;
        };
        end(ending, new TaskError(type, message), now);
    }

    private void end(TaskState ending, TaskError failure, Instant now) {
        state = ending;
        error = failure;
        completedAt = now;
    }

    synchronized boolean isDecided() {
        return state.isTerminal();
    }

    synchronized void publishEnd() {
        endPublished = true;
    }

    /** The task as clients may see it now: still working until its end is published. */
    synchronized Task snapshot() {
        Task decided = endedSnapshot();
        if (endPublished || !decided.state().isTerminal()) {
            return decided;
        }
        return new Task(
                taskId,
                sessionId,
                TaskState.WORKING,
                prompt,
                model,
                source,
                sourceRef,
                createdAt,
                startedAt,
                null,
                null,
                exitCode,
                output,
                null,
                usage,
                costUsd,
                numTurns,
                attempts,
                steps,
                sandbox);
    }

    /** The task with its end as decided, for history. */
    synchronized Task endedSnapshot() {
        Double duration = completedAt == null
                ? null
                : Duration.between(startedAt, completedAt).toMillis() / 1000.0;
        return new Task(
                taskId,
                sessionId,
                state,
                prompt,
                model,
                source,
                sourceRef,
                createdAt,
                startedAt,
                completedAt,
                duration,
                exitCode,
                output,
                error,
                usage,
                costUsd,
                numTurns,
                attempts,
                steps,
                sandbox);
    }
}
