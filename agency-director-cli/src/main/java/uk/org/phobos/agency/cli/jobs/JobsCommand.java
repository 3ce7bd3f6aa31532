package uk.org.phobos.agency.cli.jobs;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

/** {@code ag jobs ...}: the scheduler's cron jobs (docs/scheduler.md). */
@Command(
        name = "jobs",
        description = {
            "The scheduler's cron jobs: list, add and remove them, run one now, pause and resume them, and see"
                    + " their runs. The scheduler is the one discovery finds (a helper named scheduler-PORT),"
                    + " unless --scheduler names one."
        },
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag jobs list",
            "  ag jobs add nightly-deps --schedule \"30 2 * * *\" --time-zone Europe/London \\",
            "      --prompt \"Update the dependencies and open a pull request\"",
            "  ag jobs run nightly-deps; ag jobs runs nightly-deps",
            "  ag jobs pause nightly-deps --scheduler https://127.0.0.1:9100"
        })
public final class JobsCommand {
    private static final List<String> SUBCOMMANDS = List.of("list", "add", "rm", "run", "pause", "resume", "runs");

    /**
     * The group with only the subcommand {@code named} (each one's annotations cost a cold JVM time to read),
     * or all of them when none or an unknown one is named (for the group's help and picocli's suggestions).
     */
    public static CommandLine commandLine(CliServices services, String named) {
        CommandLine jobs = AgencyCommandLine.of(new JobsCommand());
        boolean all = named == null || !SUBCOMMANDS.contains(named);
        for (String name : SUBCOMMANDS) {
            if (all || name.equals(named)) {
                jobs.addSubcommand(AgencyCommandLine.of(subcommand(name, services)));
            }
        }
        return jobs;
    }

    private static Object subcommand(String name, CliServices services) {
        return switch (name) {
            case "list" -> new JobsListCommand(services);
            case "add" -> new JobsAddCommand(services);
            case "rm" -> new JobsRmCommand(services);
            case "run" -> new JobsRunCommand(services);
            case "pause" -> new JobsPauseCommand(services);
            case "resume" -> new JobsResumeCommand(services);
            case "runs" -> new JobsRunsCommand(services);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
