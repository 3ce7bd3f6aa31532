package uk.org.phobos.agency.cli.repl;

import java.net.URI;
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
            input.onInterrupt(() -> interrupted(submission, interrupts.incrementAndGet()));
            try {
                new TaskFollower(services).await(submission, true, false);
            } finally {
                input.onInterrupt(null);
            }
        } catch (RuntimeException e) {
            new FailureReporter(services).report(e);
        }
    }

    private void interrupted(Submission submission, int count) {
        Output output = services.output();
        if (count > 1) {
            output.note(System.lineSeparator() + "ag: leaving; task " + submission.taskId() + " is being cancelled");
            services.environment().exit().accept(ExitCode.INTERRUPTED.code());
            return;
        }
        output.note(System.lineSeparator() + "ag: cancelling task " + submission.taskId() + " (Ctrl-C again to leave)");
        try {
            services.api().cancel(submission.address().base(), submission.taskId());
        } catch (RuntimeException e) {
            new FailureReporter(services).report(e);
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
