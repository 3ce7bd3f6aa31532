package uk.org.phobos.agency.scheduler;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.service.AgencyVersion;
import uk.org.phobos.agency.core.service.DurationConverter;
import uk.org.phobos.agency.core.service.ServiceLauncher;
import uk.org.phobos.agency.core.service.ServiceOptions;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.scheduler.settings.SchedulerSettings;
import uk.org.phobos.agency.scheduler.settings.SettingsValidator;

/** {@code ag-tool-scheduler}: runs agent tasks on cron schedules. */
@Command(
        name = "ag-tool-scheduler",
        mixinStandardHelpOptions = true,
        versionProvider = AgencyVersion.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Runs agent tasks on cron schedules, through the web view (so each run's session shows on the "
                    + "dashboard) or straight to an agent when the web view cannot be reached. Jobs come from a "
                    + "YAML file (--config, reloaded when it changes) and the REST API (/jobs); both survive "
                    + "restarts, and so does run history. State lives in AGENCY_ROOT/scheduler.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  ag-tool-scheduler --web-url https://127.0.0.1:8444 --agent-url https://127.0.0.1:9000",
            "  ag-tool-scheduler --config jobs.yaml --agent-url https://127.0.0.1:9000 --history-limit 100",
            "",
            "jobs.yaml:",
            "  jobs:",
            "    - name: nightly-deps",
            "      schedule: \"30 2 * * *\"        # 02:30 every day; @daily, names and 7=Sunday work too",
            "      time_zone: Europe/London      # default: this machine's zone",
            "      prompt: Update the dependencies and open a pull request",
            "      workspace: repo-main          # jobs sharing a workspace never run at once",
            "      overlap: skip                 # skip | queue | allow",
            "      catch_up: once                # once | none (runs missed while the scheduler was down)",
            "",
            "See docs/scheduler.md for the job format, DST rules, misfires and the REST API."
        })
public final class Main implements Callable<Integer> {
    static final String BINARY = "ag-tool-scheduler";
    static final int DEFAULT_PORT = 9100;

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--web-url",
            paramLabel = "URL",
            description = "The web view's internal API (e.g. https://127.0.0.1:8444); runs are submitted there first.")
    String webUrl;

    @Option(
            names = "--agent-url",
            paramLabel = "URL",
            description = "The agent to use when the web view is not set or cannot be reached and a job names no "
                    + "agent_url (e.g. https://127.0.0.1:9000).")
    String agentUrl;

    @Option(
            names = "--history-limit",
            paramLabel = "N",
            description = "Runs kept per job (1-" + SchedulerSettings.MAX_HISTORY_LIMIT + "; default "
                    + SchedulerSettings.DEFAULT_HISTORY_LIMIT + ", or the value last set with PUT /config).")
    Integer historyLimit;

    @Option(
            names = "--jobs-file-poll",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How often the jobs file is checked for changes (default: ${DEFAULT-VALUE}).")
    Duration jobsFilePoll;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its parsing rules (enum values such as {@code --log-format json} in any case). */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // The shared --config reads a service's config file; for the scheduler that file is its jobs.
        CommandLine.Model.CommandSpec command = commandLine.getCommandSpec();
        CommandLine.Model.OptionSpec config = command.findOption("--config");
        command.remove(config);
        command.addOption(CommandLine.Model.OptionSpec.builder(config)
                .description("The YAML jobs file (optional): a 'jobs:' list; reloaded when it changes.")
                .build());
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        SchedulerConfig config = config();
        Map<String, String> env = System.getenv();
        ServiceLauncher launcher = new ServiceLauncher(BINARY, PortRange.single(DEFAULT_PORT), env, System.out);
        launcher.configureLogging(service);
        ComponentServer server = launcher.start(service, (home, port) -> {
            AgencyClient client = AgencyClient.create(
                            FleetTls.open(home).clientContext(),
                            Optional.of(FleetToken.load(home, env).value()))
                    .withTimeout(Duration.ofSeconds(15));
            return SchedulerAssembly.start("scheduler-" + port, home.componentDir("scheduler"), config, client);
        });
        server.awaitStopped();
        return 0;
    }

    private SchedulerConfig config() {
        if (historyLimit != null && (historyLimit < 1 || historyLimit > SchedulerSettings.MAX_HISTORY_LIMIT)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--history-limit must be from 1 to " + SchedulerSettings.MAX_HISTORY_LIMIT);
        }
        if (jobsFilePoll.isZero() || jobsFilePoll.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs-file-poll must be positive");
        }
        return SchedulerConfig.of(
                        service.config(), url("--web-url", webUrl), url("--agent-url", agentUrl), historyLimit)
                .withWatchInterval(jobsFilePoll);
    }

    private URI url(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return SettingsValidator.parseBaseUrl(option, text);
        } catch (ApiException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), e.error().message());
        }
    }
}
