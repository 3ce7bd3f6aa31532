package uk.org.phobos.agency.cli.repl;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.FailureReporter;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.task.Submission;
import uk.org.phobos.agency.cli.task.TaskFollower;
import uk.org.phobos.agency.cli.task.TaskSubmitter;
import uk.org.phobos.agency.cli.task.TaskTarget;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;

/**
 * The read-submit-follow loop: each prompt becomes a task in the same session on the same agent, followed
 * live. A failure (busy agent, unreachable agent) is reported and the loop goes on.
 */
final class Repl {
    /** How long a second Ctrl-C waits for the agent to answer the first one's cancel before leaving anyway. */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final CliServices services;
    private final PromptInput input;
    private final ReplSession session;
    private final URI pinnedAgent;

    Repl(CliServices services, PromptInput input, ReplSession session) {
        this.services = services;
        this.input = input;
        this.session = session;
        this.pinnedAgent = session.agent();
    }

    int run() throws InterruptedException {
        Output output = services.output();
        if (services.environment().stdinTerminal()) {
            output.note(
                    output.style()
                            .dim(
                                    "ag repl: each prompt continues one Claude session. End a line with \\ for"
                                            + " more lines. Ctrl-C cancels a running task (twice leaves); Ctrl-D or /exit leaves; /help."));
        }
        while (true) {
            String raw;
            try {
                raw = input.read();
            } catch (PromptInput.ReplInterrupted interrupted) {
                if (interrupted.partial() == null || interrupted.partial().isBlank()) {
                    return ExitCode.INTERRUPTED.code();
                }
                continue;
            }
            if (raw == null) {
                return ExitCode.OK.code();
            }
            String prompt = PromptBlocks.prompt(raw);
            if (prompt.isEmpty()) {
                continue;
            }
            if (raw.startsWith("/")) {
                Integer exit = command(prompt, output);
                if (exit != null) {
                    return exit;
                }
                continue;
            }
            runTask(prompt);
        }
    }

    private void runTask(String prompt) throws InterruptedException {
        Output output = services.output();
        try {
            TaskRequest request = new TaskRequest(
                    prompt, session.sessionId(), null, session.model(), null, null, null, TaskSource.CLI, "repl");
            TaskSubmitter submitter = new TaskSubmitter(services.api(), services.finder(), output);
            Submission submission = submitter.submit(request, new TaskTarget(session.agent(), null, false));
            session.startedOn(submission.address().base(), submission.sessionId());
            AtomicInteger interrupts = new AtomicInteger();
            CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
            input.onInterrupt(() -> interrupted(submission, interrupts.incrementAndGet(), cancelled));
            try {
                new TaskFollower(services).await(submission, true, false);
            } finally {
                input.onInterrupt(null);
            }
        } catch (RuntimeException e) {
            new FailureReporter(services).report(e);
        }
    }

    /**
     * Each Ctrl-C while a task runs (each on a thread of its own): the first cancels the task ({@code cancelled}
     * completes with whether the agent took the cancel); the second leaves with 130 once the agent has answered
     * that cancel, or {@link #CANCEL_WAIT} passed (leaving before the request went out would leave the task
     * running); a third leaves at once.
     */
    private void interrupted(Submission submission, int count, CompletableFuture<Boolean> cancelled) {
        Output output = services.output();
        String taskId = submission.taskId();
        if (count == 1) {
            output.note(System.lineSeparator() + "ag: cancelling task " + taskId + " (Ctrl-C again to leave)");
            try {
                services.api().cancel(submission.address().base(), taskId);
                cancelled.complete(true);
            } catch (RuntimeException e) {
                cancelled.complete(false);
                new FailureReporter(services).report(e);
            }
            return;
        }
        if (count == 2) {
            if (!cancelled.isDone()) {
                output.note(System.lineSeparator() + "ag: leaving once "
                        + submission.address().base() + " has answered the cancel of task " + taskId
                        + " (Ctrl-C again to leave now)");
            }
            Boolean answer = awaitQuietly(cancelled);
            if (answer == null) {
                output.note("ag: leaving without an answer to the cancel: task " + taskId + " may still run. `ag"
                        + " cancel " + taskId + "` stops it.");
            } else {
                output.note(
                        System.lineSeparator() + "ag: leaving" + (answer ? "; task " + taskId + " is cancelled" : ""));
            }
        } else {
            output.note(System.lineSeparator() + "ag: leaving now; if task " + taskId + " still runs, `ag cancel "
                    + taskId + "` stops it.");
        }
        services.environment().exit().accept(ExitCode.INTERRUPTED.code());
    }

    /** The cancel's outcome, or null when it has not come within {@link #CANCEL_WAIT}. */
    private static Boolean awaitQuietly(CompletableFuture<Boolean> cancelled) {
        try {
            return cancelled.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private Integer command(String line, Output output) {
        String name = line.split("\\s+", 2)[0];
        switch (name) {
            case "/exit", "/quit" -> {
                return ExitCode.OK.code();
            }
            case "/new" -> {
                session.forgetSession(pinnedAgent);
                output.note("the next prompt starts a new session");
            }
            case "/session" ->
                output.note(
                        session.sessionId() == null
                                ? "no session yet: the next prompt starts one"
                                : "session " + session.sessionId() + " on " + session.agent());
            case "/help" -> {
                output.note("/new      start a new session with the next prompt");
                output.note("/session  show the session and agent prompts go to");
                output.note("/exit     leave (or Ctrl-D)");
                output.note("Ctrl-C    cancel the running task; a second Ctrl-C leaves");
            }
            default ->
                output.note("unknown command " + name + " (/help lists them); to send it as a prompt, start"
                        + " it with a space");
        }
        return null;
    }
}
