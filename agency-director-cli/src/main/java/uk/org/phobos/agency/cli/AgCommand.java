package uk.org.phobos.agency.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.service.AgencyVersion;

/** {@code ag}: the root command, its global options, and the REPL when it is run alone on a terminal. */
@Command(
        name = "ag",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = AgencyVersion.class,
        description = {
            "The Agency command line: give coding tasks to agents, watch them, and manage the fleet.",
            "Run alone on a terminal (or as `ag repl`) it is an interactive session with one agent."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag task \"fix the failing test in core\" --wait     run a task on the first idle agent, print the answer",
            "  ag task -f prompt.md --follow                      stream the task's tool calls and text as they happen",
            "  git diff | ag task - --agent https://127.0.0.1:9001  the prompt from stdin, on a given agent",
            "  ag                                                 an interactive session (ag repl)",
            "  ag discover                                        every component that answers, as a table",
            "  ag show TASK; ag cancel TASK; ag logs TASK         one task, wherever it ran",
            "  ag jobs list; ag jobs runs NAME                    the scheduler's cron jobs, and a job's runs",
            HelpText.ENVIRONMENT
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the task failed or was cancelled; any other failure (bad token, unknown task, refused request)",
            "2:usage error (bad option, unreadable prompt file, request the agent found invalid)",
            "3:no component reachable (nothing answers, or no CA or token on this machine yet)",
            "4:agent busy (or not taking tasks: starting, draining)",
            "130:interrupted (Ctrl-C)"
        })
public final class AgCommand implements Callable<Integer> {
    private final GlobalOptions options;
    private final Callable<Integer> repl;

    @Spec
    CommandSpec spec;

    /**
     * @param repl what {@code ag} alone runs on a terminal
     */
    public AgCommand(GlobalOptions options, Callable<Integer> repl) {
        this.options = options;
        this.repl = repl;
    }

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "Print the API's JSON (one document per line) instead of text.")
    void json(boolean on) {
        if (on) {
            options.json();
        }
    }

    @Option(
            names = "--no-color",
            scope = ScopeType.INHERIT,
            description = "No colours (also when NO_COLOR is set or stdout is not a terminal).")
    void noColor(boolean on) {
        if (on) {
            options.noColor();
        }
    }

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Debug logging, and the stack trace of a failure.")
    void verbose(boolean on) {
        if (on) {
            options.verbose();
        }
    }

    @Option(
            names = "--discovery-range",
            paramLabel = "FIRST-LAST",
            scope = ScopeType.INHERIT,
            converter = PortRangeConverter.class,
            description = "Ports on 127.0.0.1 to look for components on (default: AGENCY_DISCOVERY_RANGE, else"
                    + " 9000-9299).")
    void discoveryRange(PortRange range) {
        if (range != null) {
            options.discoveryRange(range);
        }
    }

    @Override
    public Integer call() throws Exception {
        return repl.call();
    }
}
