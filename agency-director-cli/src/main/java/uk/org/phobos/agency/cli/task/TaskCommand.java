package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.service.DurationConverter;

/** {@code ag task PROMPT}: give an agent a task, and maybe wait for it or follow it. */
@Command(
        name = "task",
        description = {
            "Give a task to an agent: the first idle agent discovery finds, unless --agent names one (or --session"
                    + " names a session: then the agent holding it).",
            "Without --wait or --follow it prints the task id and returns at once."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag task \"add a unit test for the parser\" --wait",
            "  ag task -f prompt.md --follow --model opus --timeout 45m",
            "  git diff | ag task - --wait                     the prompt from stdin",
            "  ag task \"and now the docs\" --session SESSION --wait   continue a session (on the agent holding it)",
            "  ag task \"run the tests\" --env CI=1 --agent https://127.0.0.1:9001",
            "  ag task \"tidy up\" --via-web https://127.0.0.1:8444 --wait   through the web view (shows on the"
                    + " dashboard)",
            "%nExit codes (with --wait or --follow): 0 completed, 1 failed or cancelled, 2 usage, 3 no agent reachable,"
                    + " 4 agent busy, 130 interrupted (the task keeps running)."
        })
public final class TaskCommand implements Callable<Integer> {
    private final CliServices services;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PROMPT",
            description = "The prompt; '-' reads it from stdin (as does a pipe with no prompt).")
    String prompt;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the prompt from FILE.")
    Path file;

    @Option(
            names = "--agent",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "The agent to run it, e.g. https://127.0.0.1:9000 (default: the first idle one).")
    URI agent;

    @Option(
            names = "--via-web",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "Submit through the web view's internal API (e.g. https://127.0.0.1:8444) so the session"
                    + " shows on the dashboard; straight to an agent only if the web view cannot be reached.")
    URI viaWeb;

    @Option(
            names = {"-s", "--session"},
            paramLabel = "ID",
            description = "Continue this session (the agent holding it resumes the conversation).")
    String session;

    @Option(
            names = "--new-session",
            description = "Start a new session with the id given by --session instead of continuing one.")
    boolean newSession;

    @Option(names = "--model", paramLabel = "MODEL", description = "e.g. sonnet, opus (the agent's allow list).")
    String model;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "The task's time limit, e.g. 90s, 10m, 1h30m (default: the agent's).")
    Duration timeout;

    @Option(names = "--max-turns", paramLabel = "N", description = "Turns per run of the CLI (default: the agent's).")
    Integer maxTurns;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "An environment variable for the task (repeatable).")
    Map<String, String> env;

    @Option(
            names = {"-w", "--wait"},
            description = "Wait for the task to end and print its output (the model's answer).")
    boolean waitForEnd;

    @Option(names = "--follow", description = "Show the task's tool calls and text as they happen, then its outcome.")
    boolean follow;

    public TaskCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (waitForEnd && follow) {
            throw new CliException(ExitCode.USAGE, "--wait and --follow do not go together: pick one");
        }
        if (newSession && session == null) {
            throw new CliException(ExitCode.USAGE, "--new-session needs --session ID: the id of the new session");
        }
        if (session != null && !SessionIds.isValid(session)) {
            throw new CliException(
                    ExitCode.USAGE,
                    "--session '" + session + "' is not a session id (letters, digits, . _ -; at most 128)");
        }
        String text = new PromptReader(services.environment()).read(prompt, file);
        TaskRequest request = new TaskRequest(
                text,
                session,
                newSession ? Boolean.TRUE : null,
                model,
                timeout == null ? null : (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()),
                maxTurns,
                env,
                TaskSource.CLI,
                null);
        Output output = services.output();
        TaskSubmitter submitter = new TaskSubmitter(services.api(), services.finder(), output);
        Submission submission = submitter.submit(request, new TaskTarget(agent, viaWeb, newSession));
        if (!waitForEnd && !follow) {
            if (output.json()) {
                output.json(submission.created());
            } else if (submission.queued()) {
                output.line(submission.taskId());
                output.note("ag: task " + submission.taskId() + " is queued on the web view at "
                        + submission.address().base() + " (session " + submission.sessionId() + "); an agent takes"
                        + " it when one is free. Watch it, or withdraw it, on the dashboard.");
            } else {
                output.line(submission.taskId());
                output.note("ag: task " + submission.taskId() + " started on "
                        + submission.address().base()
                        + " (session " + submission.sessionId() + "). Watch it with `ag show "
                        + submission.taskId() + "`, stop it with `ag cancel " + submission.taskId() + "`.");
            }
            return ExitCode.OK.code();
        }
        return new TaskFollower(services).await(submission, follow, true);
    }
}
