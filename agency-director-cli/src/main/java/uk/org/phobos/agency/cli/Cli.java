package uk.org.phobos.agency.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import uk.org.phobos.agency.cli.fleet.DiscoverCommand;
import uk.org.phobos.agency.cli.fleet.FleetCommand;
import uk.org.phobos.agency.cli.fleet.StatusCommand;
import uk.org.phobos.agency.cli.repl.ReplCommand;
import uk.org.phobos.agency.cli.task.CancelCommand;
import uk.org.phobos.agency.cli.task.HistoryCommand;
import uk.org.phobos.agency.cli.task.LogsCommand;
import uk.org.phobos.agency.cli.task.ShowCommand;
import uk.org.phobos.agency.cli.task.TaskCommand;
import uk.org.phobos.agency.cli.tls.TlsCommand;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/** The whole command line: every command wired to one {@link CliServices}, run once. */
public final class Cli {
    private final CliEnvironment environment;
    private final Clock clock;

    public Cli(CliEnvironment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /** Runs {@code args} and returns the exit code. */
    public int run(String... args) {
        GlobalOptions options = new GlobalOptions();
        CliServices services = new CliServices(environment, options, clock);
        CommandLine commandLine = build(services);
        return commandLine.execute(args);
    }

    CommandLine build(CliServices services) {
        ReplCommand repl = new ReplCommand(services);
        CommandLine root = AgencyCommandLine.of(new AgCommand(services.options(), () -> {
            if (environment.stdinTerminal() && environment.stdoutTerminal()) {
                return repl.call();
            }
            services.output().note("ag: no command given (and not on a terminal, so no interactive session).");
            services.output().note("Run 'ag --help' for the commands and examples.");
            return ExitCode.USAGE.code();
        }));
        root.addSubcommand(AgencyCommandLine.of(new TaskCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(repl));
        root.addSubcommand(AgencyCommandLine.of(new StatusCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(new DiscoverCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(new HistoryCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(new ShowCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(new CancelCommand(services)));
        root.addSubcommand(AgencyCommandLine.of(new LogsCommand(services)));
        root.addSubcommand(FleetCommand.commandLine(services));
        root.addSubcommand(TlsCommand.commandLine(services));
        FailureReporter failures = new FailureReporter(services);
        root.setExecutionExceptionHandler(failures);
        root.setParameterExceptionHandler(failures);
        root.setOut(new PrintWriter(environment.out(), true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(environment.err(), true, StandardCharsets.UTF_8));
        root.setColorScheme(CommandLine.Help.defaultColorScheme(
                environment.stdoutTerminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        return root;
    }
}
