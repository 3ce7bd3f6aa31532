package uk.org.phobos.agency.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import uk.org.phobos.agency.cli.fleet.DiscoverCommand;
import uk.org.phobos.agency.cli.fleet.FleetCommand;
import uk.org.phobos.agency.cli.fleet.StatusCommand;
import uk.org.phobos.agency.cli.jobs.JobsCommand;
import uk.org.phobos.agency.cli.repl.ReplCommand;
import uk.org.phobos.agency.cli.task.CancelCommand;
import uk.org.phobos.agency.cli.task.HistoryCommand;
import uk.org.phobos.agency.cli.task.LogsCommand;
import uk.org.phobos.agency.cli.task.ShowCommand;
import uk.org.phobos.agency.cli.task.TaskCommand;
import uk.org.phobos.agency.cli.tls.TlsCommand;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/**
 * The whole command line: every command wired to one {@link CliServices}, run once.
 *
 * <p>picocli reads every command's annotations when it is added (~20 ms each on a cold JVM), so only the command named
 * on the command line is added; all of them only when none or an unknown one is named (for the root's
 * help and picocli's suggestions). The same goes for the subcommands of {@code ag jobs}.
 */
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
        // Read before picocli parses: --help prints during the parse, in the colours chosen before it.
        if (CommandName.hasFlag("--no-color", args)) {
            options.noColor();
        }
        CliServices services = new CliServices(environment, options, clock);
        CommandName name = CommandName.of(args);
        if (name.talksToFleet()) {
            services.prepareInBackground(NamedComponent.of(args).url());
        }
        return build(services, name.value(), CommandName.subcommandOf(args)).execute(args);
    }

    CommandLine build(CliServices services, String named, String subcommand) {
        ReplCommand repl = new ReplCommand(services);
        CommandLine root = AgencyCommandLine.of(new AgCommand(services.options(), () -> {
            if (environment.stdinTerminal() && environment.stdoutTerminal()) {
                return repl.call();
            }
            services.output().note("ag: no command given (and not on a terminal, so no interactive session).");
            services.output().note("Run 'ag --help' for the commands and examples.");
            return ExitCode.USAGE.code();
        }));
        Map<String, Function<CliServices, CommandLine>> commands = commands(repl, subcommand);
        if (named != null && commands.containsKey(named)) {
            root.addSubcommand(commands.get(named).apply(services));
        } else {
            commands.values().forEach(command -> root.addSubcommand(command.apply(services)));
        }
        FailureReporter failures = new FailureReporter(services);
        root.setExecutionExceptionHandler(failures);
        root.setParameterExceptionHandler(failures);
        root.setOut(new PrintWriter(environment.out(), true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(environment.err(), true, StandardCharsets.UTF_8));
        // ON or OFF, never picocli's AUTO: that asks System.console(), which is null whenever stdin is not a
        // terminal, and knows nothing of --no-color.
        root.setColorScheme(CommandLine.Help.defaultColorScheme(
                services.color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return root;
    }

    /** Every command; {@code subcommand} (the word after the command, or null) lets a group build only that one. */
    private static Map<String, Function<CliServices, CommandLine>> commands(ReplCommand repl, String subcommand) {
        Map<String, Function<CliServices, CommandLine>> commands = new LinkedHashMap<>();
        commands.put("task", services -> AgencyCommandLine.of(new TaskCommand(services)));
        commands.put("repl", services -> AgencyCommandLine.of(repl));
        commands.put("status", services -> AgencyCommandLine.of(new StatusCommand(services)));
        commands.put("discover", services -> AgencyCommandLine.of(new DiscoverCommand(services)));
        commands.put("history", services -> AgencyCommandLine.of(new HistoryCommand(services)));
        commands.put("show", services -> AgencyCommandLine.of(new ShowCommand(services)));
        commands.put("cancel", services -> AgencyCommandLine.of(new CancelCommand(services)));
        commands.put("logs", services -> AgencyCommandLine.of(new LogsCommand(services)));
        commands.put("fleet", FleetCommand::commandLine);
        commands.put("tls", TlsCommand::commandLine);
        commands.put("jobs", services -> JobsCommand.commandLine(services, subcommand));
        return commands;
    }
}
