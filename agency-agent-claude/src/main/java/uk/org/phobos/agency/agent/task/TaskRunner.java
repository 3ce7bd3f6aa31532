package uk.org.phobos.agency.agent.task;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.ClaudeInvocation;
import uk.org.phobos.agency.agent.claude.EndReason;
import uk.org.phobos.agency.agent.claude.OutcomeRules;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.claude.RunExit;
import uk.org.phobos.agency.agent.claude.RunHandle;
import uk.org.phobos.agency.agent.claude.RunListener;
import uk.org.phobos.agency.agent.claude.RunOutcome;
import uk.org.phobos.agency.agent.claude.RunSpec;
import uk.org.phobos.agency.agent.claude.RunTranscript;
import uk.org.phobos.agency.agent.claude.StreamEvent;
import uk.org.phobos.agency.agent.claude.StreamJsonParser;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.PartialStream;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.sandbox.SandboxPlan;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.CurrentTask;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.sandbox.SandboxException;

/**
 * Runs one task at a time: owns the task state machine, starts the CLI (resuming it after {@code
 * error_max_turns} up to {@link RunnerSettings#maxContinuations()} times), inside the sandbox its
 * {@link TaskSandboxing} chose, enforces the timeout over all runs, cancels, and records every task
 * in history before it is seen to end.
 *
 * <p>Every run is started from one long-lived worker thread, never from the thread that submitted
 * the task: bubblewrap's {@code --die-with-parent} kills the sandbox when the <em>thread</em> that
 * started it ends, and an HTTP request thread may end while the task still runs.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(15);
    private static final int RECENT_EVENT_LOGS = 20;

    private final RunnerSettings settings;
    private final ProcessLauncher launcher;
    private final HistoryStore history;
    private final SessionStore sessions;
    private final RunningTaskMarker marker;
    private final Supplier<String> systemPrompt;
    private final ChildEnvironment childEnvironment;
    private final Map<String, String> agentEnvironment;
    private final TaskSandboxing sandboxing;
    private final Clock clock;
    private final StreamJsonParser parser = new StreamJsonParser();
    private final OutcomeRules rules = new OutcomeRules();
    private final ExecutorService worker;
    private final ExecutorService markerWriter;
    private final Map<String, TaskEventLog> eventLogs = new java.util.LinkedHashMap<>();

    private Running current;
    private boolean accepting = true;

    /** The task being run, its event log, and how to stop it. */
    private static final class Running {
        final TaskRecord record;
        final TaskEventLog events;
        volatile RunHandle handle;
        volatile EndReason stopReason;

        Running(TaskRecord record, TaskEventLog events) {
            this.record = record;
            this.events = events;
        }
    }

    public TaskRunner(
            RunnerSettings settings,
            ProcessLauncher launcher,
            HistoryStore history,
            SessionStore sessions,
            RunningTaskMarker marker,
            Supplier<String> systemPrompt,
            ChildEnvironment childEnvironment,
            Map<String, String> agentEnvironment,
            TaskSandboxing sandboxing,
            Clock clock) {
        this.settings = settings;
        this.launcher = launcher;
        this.history = history;
        this.sessions = sessions;
        this.marker = marker;
        this.systemPrompt = systemPrompt;
        this.childEnvironment = childEnvironment;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.sandboxing = sandboxing;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-task");
            thread.setDaemon(true);
            return thread;
        });
        this.markerWriter = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-marker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a task, or refuses: 409 {@code agent_busy}, 404 for an unknown session, 400 for a bad model. */
    public synchronized TaskCreated submit(TaskRequest request) {
        if (!accepting) {
            throw ApiException.unavailable("the agent is shutting down and takes no new tasks");
        }
        if (current != null) {
            throw new ApiException(
                    ErrorCode.AGENT_BUSY,
                    "the agent is busy with task " + current.record.taskId() + "; retry when it has finished",
                    Map.of("current_task", current.record.taskId()));
        }
        String model = chooseModel(request.model());
        SessionPlan plan = planSession(request);
        String instructions = systemPrompt.get();
        Map<String, String> environment = childEnvironment(request);
        Path directory = createSessionDirectory(plan.sessionId());
        SandboxPlan sandbox = sandboxing.planFor(directory);
        String taskId = UUID.randomUUID().toString();
        TaskRecord record = new TaskRecord(taskId, plan.sessionId(), request, model, sandbox.record(), clock.instant());
        TaskEventLog events = new TaskEventLog();
        Running running = new Running(record, events);
        current = running;
        remember(taskId, events);
        persistStart(record);
        RunPlan run = new RunPlan(request, plan, directory, environment, sandbox, model, instructions);
        worker.execute(() -> execute(running, run));
        return new TaskCreated(taskId, plan.sessionId(), TaskState.WORKING);
    }

    private String chooseModel(String requested) {
        String model = requested == null ? settings.defaultModel() : requested;
        if (!settings.allowedModels().contains(model)) {
            throw ApiException.validation("model '" + model + "' is not allowed on this agent; allowed: "
                    + String.join(", ", settings.allowedModels()));
        }
        return model;
    }

    private record SessionPlan(String sessionId, boolean resume) {}

    /** Everything decided at submission that the worker needs to run the task. */
    private record RunPlan(
            TaskRequest request,
            SessionPlan session,
            Path directory,
            Map<String, String> environment,
            SandboxPlan sandbox,
            String model,
            String instructions) {}

    private SessionPlan planSession(TaskRequest request) {
        String requested = request.sessionId();
        if (requested == null) {
            return new SessionPlan(UUID.randomUUID().toString(), false);
        }
        sessions.directory(requested); // validates the id and the path
        if (sessions.exists(requested)) {
            boolean ranBefore = sessions.find(requested)
                    .map(info -> !info.taskIds().isEmpty())
                    .orElse(false);
            return new SessionPlan(requested, ranBefore);
        }
        if (!request.startsNewSession()) {
            throw ApiException.notFound("this agent has never run session '" + requested
                    + "'; send \"new_session\": true to start a session with that id");
        }
        return new SessionPlan(requested, false);
    }

    private Map<String, String> childEnvironment(TaskRequest request) {
        try {
            return childEnvironment.build(agentEnvironment, request.env());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
    }

    private Path createSessionDirectory(String sessionId) {
        try {
            return sessions.createDirectory(sessionId);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "cannot create the session directory: " + e.getMessage());
        }
    }

    private void persistStart(TaskRecord record) {
        try {
            // Durable before the 201: after any crash, recovery finds the task here and records it
            // interrupted. The history gets the task once it has ended (or from recovery).
            marker.taskStarted(record.snapshot());
            sessions.startTask(record.sessionId(), record.taskId());
        } catch (IOException e) {
            log.error("cannot record the start of task {}", record.taskId(), e);
        }
    }

    private void execute(Running running, RunPlan run) {
        TaskRecord record = running.record;
        TaskRequest request = run.request();
        MDC.put("task_id", record.taskId());
        MDC.put("session_id", record.sessionId());
        // The raw lines go to disk as they come, not to memory: a long task's stream can be large,
        // and an agent that dies leaves them for recovery to rebuild the task's steps from.
        PartialStream stream = history.startStream(record.taskId());
        try {
            Instant deadline = record.startedAt().plus(timeoutOf(request));
            int maxTurns = request.maxTurns() == null ? settings.defaultMaxTurns() : request.maxTurns();
            boolean resume = run.session().resume();
            String prompt = request.prompt();
            running.events.append("state", Map.of("state", "working"));
            if (run.sandbox() instanceof SandboxPlan.Refused refused) {
                log.warn("task {} refused: {}", record.taskId(), refused.message());
                record.fail(TaskErrorType.SANDBOX_ERROR, refused.message(), clock.instant());
                return;
            }
            while (true) {
                if (running.stopReason != null) {
                    finishStopped(running);
                    return;
                }
                record.runStarting(clock.instant());
                ClaudeInvocation invocation = new ClaudeInvocation(
                        settings.claudeBinary(),
                        run.model(),
                        maxTurns,
                        CliSessionIds.of(record.sessionId()),
                        resume,
                        run.instructions(),
                        prompt);
                RunTranscript transcript = new RunTranscript();
                RunExit exit = runOnce(running, invocation, run, transcript, stream, deadline);
                record.runEnded(transcript, exit);
                Optional<String> sandboxFailure = run.sandbox().startFailure(exit, transcript);
                if (sandboxFailure.isPresent()) {
                    record.fail(TaskErrorType.SANDBOX_ERROR, sandboxFailure.get(), clock.instant());
                    return;
                }
                RunOutcome outcome = rules.classify(transcript.result(), exit);
                if (outcome instanceof RunOutcome.Completed completed) {
                    record.complete(outputOf(completed, transcript), clock.instant());
                    return;
                }
                if (outcome instanceof RunOutcome.MaxTurns maxed) {
                    if (record.attempts() <= settings.maxContinuations()
                            && clock.instant().isBefore(deadline)) {
                        log.info("run {} hit max turns; resuming the session", record.attempts());
                        running.events.append("state", Map.of("state", "working", "attempt", record.attempts() + 1));
                        resume = true;
                        prompt = RunnerSettings.CONTINUATION_PROMPT;
                        continue;
                    }
                    record.fail(
                            TaskErrorType.MAX_TURNS,
                            "the task used all its turns in " + record.attempts() + " runs without finishing: "
                                    + maxed.message(),
                            clock.instant());
                    return;
                }
                RunOutcome.Failed failed = (RunOutcome.Failed) outcome;
                record.fail(failed.type(), failed.message(), clock.instant());
                return;
            }
        } catch (SandboxException e) {
            log.warn("task {}: cannot sandbox the CLI: {}", record.taskId(), e.getMessage());
            record.fail(
                    TaskErrorType.SANDBOX_ERROR,
                    "cannot start the CLI inside the sandbox, so it was not started: " + e.getMessage(),
                    clock.instant());
        } catch (IOException e) {
            record.fail(
                    TaskErrorType.START_ERROR,
                    "cannot start the CLI '" + settings.claudeBinary() + "': " + e.getMessage(),
                    clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record.fail(TaskErrorType.CANCELLED, "the agent shut down", clock.instant());
        } catch (RuntimeException e) {
            log.error("task {} failed unexpectedly", record.taskId(), e);
            record.fail(TaskErrorType.CLAUDE_ERROR, "the agent failed to run the task: " + e, clock.instant());
        } finally {
            finish(running, stream);
            MDC.clear();
        }
    }

    private Duration timeoutOf(TaskRequest request) {
        return request.timeoutSeconds() == null
                ? settings.defaultTimeout()
                : Duration.ofSeconds(request.timeoutSeconds());
    }

    private RunExit runOnce(
            Running running,
            ClaudeInvocation invocation,
            RunPlan run,
            RunTranscript transcript,
            PartialStream stream,
            Instant deadline)
            throws IOException, InterruptedException, SandboxException {
        RunSpec spec = run.sandbox()
                .apply(new RunSpec(invocation.argv(), run.directory(), run.environment(), settings.stallTimeout()));
        String taskId = running.record.taskId();
        RunHandle handle = launcher.start(spec, new RunListener() {
            private CompletableFuture<Void> recorded;
            private boolean recordedBeforeLines;

            @Override
            public void started(ProcessIdentity process) {
                recorded = recordProcess(taskId, process);
            }

            @Override
            public void line(String rawLine) {
                if (!recordedBeforeLines) {
                    // Nothing the run printed is handled (or on disk) before the run can be found
                    // from the marker: an agent killed after that point leaves its process recorded.
                    recorded.join();
                    recordedBeforeLines = true;
                }
                stream.append(rawLine);
                for (StreamEvent event : parser.parse(rawLine)) {
                    transcript.accept(event);
                    StreamEventViews.append(running.events, event);
                    if (event instanceof StreamEvent.Result && running.handle != null) {
                        running.handle.exitWithin(settings.resultGrace());
                    }
                }
            }
        });
        running.handle = handle;
        if (running.stopReason != null) {
            handle.stop(running.stopReason);
        }
        Duration remaining = Duration.between(clock.instant(), deadline);
        Optional<RunExit> exit = handle.await(remaining.isNegative() ? Duration.ZERO : remaining);
        if (exit.isEmpty()) {
            log.info("task {} timed out", running.record.taskId());
            handle.stop(EndReason.TIMED_OUT);
            exit = handle.await(Duration.ofMinutes(1));
        }
        return exit.orElseThrow(() -> new IllegalStateException("the CLI did not end after it was killed"));
    }

    /**
     * Adds the run's process to the marker on a thread of its own, so that the launcher does not
     * wait for the write (a rename over the marker, not synced) before it watches the run: the end of
     * a short run is then handled meanwhile. The run's first line waits for it. A write that comes
     * after the task ended does nothing (see {@link RunningTaskMarker#processStarted(String,
     * ProcessIdentity)}); the runs of one task are recorded in order.
     */
    private CompletableFuture<Void> recordProcess(String taskId, ProcessIdentity process) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        Runnable write = () -> {
            try {
                marker.processStarted(taskId, process);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot record the CLI process of task {}", taskId, e);
            }
        };
        try {
            return CompletableFuture.runAsync(
                    () -> {
                        if (context != null) {
                            MDC.setContextMap(context);
                        }
                        try {
                            write.run();
                        } finally {
                            MDC.clear();
                        }
                    },
                    markerWriter);
        } catch (RejectedExecutionException e) {
            write.run(); // the agent is closing
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String outputOf(RunOutcome.Completed completed, RunTranscript transcript) {
        String output = completed.output();
        return output == null || output.isBlank() ? transcript.lastText() : output;
    }

    private void finishStopped(Running running) {
        EndReason reason = running.stopReason;
        String message = reason == EndReason.SHUTDOWN ? "the agent shut down" : "cancelled before the CLI started";
        running.record.fail(TaskErrorType.CANCELLED, message, clock.instant());
    }

    /**
     * Records the end (the task durably in the history, then its kept stream), then makes the end
     * visible and frees the slot in one step, then removes the running marker.
     */
    private void finish(Running running, PartialStream stream) {
        Task done = running.record.endedSnapshot();
        // Lines a still-running output thread would add now are dropped (only after the agent shut down).
        stream.close();
        boolean recorded = false;
        try {
            // The record first (durable), then its stream (renamed from the partial one).
            history.save(done);
            recorded = true;
            history.keepPartialStream(done.taskId());
        } catch (IOException | RuntimeException e) {
            // Never leave the slot taken: the next start records the task from running.json.
            log.error("cannot record the end of task {}", done.taskId(), e);
        }
        synchronized (this) {
            running.record.publishEnd();
            if (current == running) {
                current = null;
            }
            notifyAll();
        }
        Map<String, Object> end = new java.util.LinkedHashMap<>();
        end.put("state", done.state());
        if (done.error() != null) {
            end.put("error", done.error());
        }
        running.events.append("state", end);
        running.events.end();
        if (recorded) {
            // Only now, off the path to the end being seen: the history has the task, so the marker
            // is not needed any more (an agent that dies first finds the task ended there). The next
            // task may have replaced it already; then it stays.
            try {
                marker.clear(done.taskId());
            } catch (IOException e) {
                log.warn("cannot remove the running-task marker after task {}", done.taskId(), e);
            }
        }
        log.info("task {} ended {}", done.taskId(), done.state().wireName());
    }

    /** The task if it is running or in history. */
    public Optional<Task> task(String taskId) {
        synchronized (this) {
            if (current != null && current.record.taskId().equals(taskId)) {
                return Optional.of(current.record.snapshot());
            }
        }
        return history.find(taskId);
    }

    /** Cancels the running task and waits (up to 15 s) until its whole process tree is gone. */
    public Task cancel(String taskId) {
        Running running;
        synchronized (this) {
            running = current != null && current.record.taskId().equals(taskId) ? current : null;
        }
        if (running == null) {
            Task known =
                    history.find(taskId).orElseThrow(() -> ApiException.notFound("no task with id '" + taskId + "'"));
            throw new ApiException(
                    ErrorCode.ALREADY_COMPLETED,
                    "task " + taskId + " has already ended (" + known.state().wireName() + ")",
                    Map.of("final_state", known.state().wireName()));
        }
        stop(running, EndReason.CANCELLED);
        awaitEnd(running, CANCEL_WAIT);
        return running.record.snapshot();
    }

    private static void stop(Running running, EndReason reason) {
        if (running.stopReason == null) {
            running.stopReason = reason;
        }
        RunHandle handle = running.handle;
        if (handle != null) {
            handle.stop(reason);
        }
    }

    private synchronized void awaitEnd(Running running, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (current == running) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** idle, working or cancelling. */
    public synchronized String state() {
        if (current == null) {
            return "idle";
        }
        return current.stopReason == null ? "working" : "cancelling";
    }

    public synchronized Optional<CurrentTask> currentTask() {
        if (current == null) {
            return Optional.empty();
        }
        TaskRecord record = current.record;
        return Optional.of(new CurrentTask(
                record.taskId(),
                record.sessionId(),
                record.startedAt(),
                uk.org.phobos.agency.core.api.Step.preview(record.prompt())));
    }

    /** The event log of a recent task, if still in memory. */
    public synchronized Optional<TaskEventLog> events(String taskId) {
        return Optional.ofNullable(eventLogs.get(taskId));
    }

    private synchronized void remember(String taskId, TaskEventLog events) {
        eventLogs.put(taskId, events);
        while (eventLogs.size() > RECENT_EVENT_LOGS) {
            String oldest = eventLogs.keySet().iterator().next();
            eventLogs.remove(oldest);
        }
    }

    public synchronized void stopAccepting() {
        accepting = false;
    }

    /** Waits until no task runs; true if that happened within {@code timeout}. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current != null) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Ends the running task (if any) because the agent is going away, and waits for it. */
    public void cancelForShutdown() {
        Running running;
        synchronized (this) {
            running = current;
        }
        if (running != null) {
            stop(running, EndReason.SHUTDOWN);
            awaitEnd(running, CANCEL_WAIT);
        }
    }

    @Override
    public void close() {
        cancelForShutdown();
        worker.shutdownNow();
        markerWriter.shutdown();
    }
}
