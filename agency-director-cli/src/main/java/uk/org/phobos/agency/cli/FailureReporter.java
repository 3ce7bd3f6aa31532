package uk.org.phobos.agency.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import uk.org.phobos.agency.cli.api.ComponentApiException;
import uk.org.phobos.agency.cli.http.ComponentNoAnswerException;
import uk.org.phobos.agency.cli.json.JsonException;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.auth.MissingFleetTokenException;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.TlsSetupException;

/**
 * Turns a failure into one line on stderr that says what to do, and an exit code; the stack trace only
 * with {@code --verbose}.
 */
public final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final CliServices services;

    public FailureReporter(CliServices services) {
        this.services = services;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        return report(failure);
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        Output output = services.output();
        output.note("ag: " + failure.getMessage());
        String name = failure.getCommandLine().getCommandSpec().qualifiedName();
        output.note("Run '" + name + " --help' for its options and examples.");
        return ExitCode.USAGE.code();
    }

    /** Reports {@code failure} and returns the exit code for it. */
    public int report(Throwable failure) {
        Output output = services.output();
        ExitCode code = exitCode(failure);
        output.note("ag: " + message(failure));
        if (output.verbose()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            output.note(trace.toString().stripTrailing());
        }
        return code.code();
    }

    static ExitCode exitCode(Throwable failure) {
        if (failure instanceof CliException cli) {
            return cli.exitCode();
        }
        if (failure instanceof ComponentUnreachableException
                || failure instanceof ComponentNoAnswerException
                || failure instanceof MissingFleetTokenException
                || failure instanceof TlsSetupException) {
            return ExitCode.UNREACHABLE;
        }
        if (failure instanceof ApiException api) {
            return switch (api.code()) {
                case AGENT_BUSY, SESSION_BUSY, UNAVAILABLE -> ExitCode.BUSY;
                case VALIDATION_ERROR -> ExitCode.USAGE;
                default -> ExitCode.FAILED;
            };
        }
        return ExitCode.FAILED;
    }

    private String message(Throwable failure) {
        if (failure instanceof CliException
                || failure instanceof MissingFleetTokenException
                || failure instanceof TlsSetupException) {
            return failure.getMessage();
        }
        if (failure instanceof ComponentUnreachableException unreachable) {
            return unreachable.getMessage() + ". Is it running? `ag discover` lists the components that answer.";
        }
        if (failure instanceof ComponentNoAnswerException silent) {
            return silent.getMessage() + ". It took the connection but did not answer: is it overloaded or stuck?"
                    + " `ag discover` lists the components that answer.";
        }
        if (failure instanceof ApiException api) {
            return apiMessage(api);
        }
        if (failure instanceof JsonException json) {
            return "an answer was not the JSON expected: " + json.getMessage();
        }
        if (failure instanceof UncheckedIOException io) {
            return io.getMessage() + ": " + io.getCause().getMessage();
        }
        return "unexpected failure: " + failure + (services.options().isVerbose() ? "" : " (--verbose shows where)");
    }

    private String apiMessage(ApiException api) {
        String who =
                api instanceof ComponentApiException located ? located.target().toString() : "the component";
        String said = api.error().message();
        return switch (api.code()) {
            case UNAUTHORIZED ->
                who + " refused the fleet token (401 unauthorized). Use that fleet's token: set"
                        + " AGENCY_TOKEN, or AGENCY_ROOT to the folder that holds it (now " + home() + ").";
            case AGENT_BUSY ->
                who + " is busy"
                        + (api.error().details().get("current_task") == null ? "" : " with task " + currentTask(api))
                        + ". Wait for it, cancel it with `ag cancel TASK`, or leave out --agent to use an idle agent.";
            case UNAVAILABLE -> who + " is not taking tasks now: " + said;
            case NOT_FOUND -> who + ": " + said + ". Check the id: `ag history` lists recent tasks.";
            default -> who + " answered " + api.httpStatus() + " " + api.error().error() + ": " + said;
        };
    }

    private static String currentTask(ApiException api) {
        Object current = api.error().details().get("current_task");
        if (current instanceof uk.org.phobos.agency.cli.json.JsonObject task && task.string("task_id") != null) {
            return task.string("task_id");
        }
        return String.valueOf(current);
    }

    private String home() {
        return AgencyHome.fromEnvironment(services.environment().variables())
                .root()
                .toString();
    }
}
