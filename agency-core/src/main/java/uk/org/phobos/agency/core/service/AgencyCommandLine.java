package uk.org.phobos.agency.core.service;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A picocli command line set up the same way for every Agency binary: enum values in any case,
 * no abbreviated options, and a failure while running reported as one line (the stack trace goes
 * to the log at debug level), exit code 1.
 */
public final class AgencyCommandLine {
    private AgencyCommandLine() {}

    public static CommandLine of(Object command) {
        CommandLine commandLine = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAbbreviatedOptionsAllowed(false)
                .setUsageHelpAutoWidth(true);
        commandLine.setExecutionExceptionHandler((failure, cmd, parseResult) -> {
            LoggerFactory.getLogger(AgencyCommandLine.class).debug("{} failed", cmd.getCommandName(), failure);
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            cmd.getErr().println(cmd.getCommandName() + ": " + message);
            cmd.getErr().flush();
            return 1;
        });
        return commandLine;
    }
}
