package uk.org.phobos.agency.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.agent.claude.ChildEnvironment;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.InterruptedTaskRecovery;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.agent.task.RunnerSettings;
import uk.org.phobos.agency.agent.task.TaskRunner;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.RunnerInfo;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.config.YamlConfigLoader;
import uk.org.phobos.agency.core.service.AgencyCommandLine;
import uk.org.phobos.agency.core.service.AgencyVersion;
import uk.org.phobos.agency.core.service.DurationConverter;
import uk.org.phobos.agency.core.service.ServiceLauncher;
import uk.org.phobos.agency.core.service.ServiceOptions;

/** {@code ag-agent-claude}: runs Claude Code tasks, one at a time, in session directories. */
@Command(
        name = "ag-agent-claude",
        mixinStandardHelpOptions = true,
        versionProvider = AgencyVersion.class,
        sortOptions = false,
        description = {
            "Runs Claude Code tasks one at a time in session directories and serves the agent API over HTTPS.",
            "State (history, sessions) lives in AGENCY_ROOT/<name>/ (AGENCY_ROOT defaults to ~/.agency)."
        },
        footer = {
            "",
            "Examples:",
            "  ag-agent-claude                         # first free port in 9000-9099",
            "  ag-agent-claude --port 9005 --model opus --timeout 1h",
            "  ag-agent-claude --config agent.yaml --claude-bin /opt/claude/bin/claude",
            "",
            "Submit work with: ag task \"fix the failing test\"   (see ag --help)"
        })
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final PortRange DEFAULT_PORTS = new PortRange(9000, 9099);
    static final List<String> DEFAULT_MODELS = List.of("sonnet", "opus", "haiku");
    static final Set<String> SECRETS = Set.of("AG_WEB_PASSWORD", "AGENCY_TOKEN", "AGENCY_TOKEN_FILE");

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--name", paramLabel = "NAME", description = "Agent name and state folder (default: agent-<port>).")
    String name;

    @Option(
            names = "--claude-bin",
            paramLabel = "PATH",
            description = "The Claude Code CLI (default: CLAUDE_BIN, else 'claude' on PATH).")
    String claudeBin;

    @Option(
            names = "--session-root",
            paramLabel = "DIR",
            description = "Where session directories live (default: AGENCY_ROOT/<name>/sessions).")
    Path sessionRoot;

    @Option(names = "--model", paramLabel = "MODEL", description = "Default model (default: sonnet).")
    String model;

    @Option(names = "--max-turns", paramLabel = "N", description = "Default turns per CLI run (default: 100).")
    Integer maxTurns;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Default task timeout, over all runs of a task (default: 30m).")
    Duration timeout;

    @Option(
            names = "--stall-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "End a run that prints nothing for this long (default: 10m).")
    Duration stallTimeout;

    @Option(
            names = "--preprompt-file",
            paramLabel = "FILE",
            description =
                    "Instructions appended to the system prompt instead of the built-in ones; read for every task.")
    Path prepromptFile;

    private final Map<String, String> env;

    Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        int code = AgencyCommandLine.of(new Main(System.getenv())).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServiceLauncher launcher = new ServiceLauncher("ag-agent-claude", DEFAULT_PORTS, env, System.out);
        launcher.configureLogging(service);
        AgentConfig file = service.config() == null
                ? AgentConfig.EMPTY
                : new YamlConfigLoader().load(service.config(), AgentConfig.class);
        ComponentServer server = launcher.start(service, (home, port) -> build(home, port, file));
        server.awaitStopped();
        return 0;
    }

    private Agent build(AgencyHome home, int port, AgentConfig file) throws java.io.IOException {
        String agentName = first(name, file.name(), "agent-" + port);
        Path stateDir = home.componentDir(agentName);
        String binary = first(claudeBin, file.claudeBin(), env.getOrDefault("CLAUDE_BIN", "claude"));
        String defaultModel = first(model, file.model(), "sonnet");
        List<String> models = new java.util.ArrayList<>(file.models().isEmpty() ? DEFAULT_MODELS : file.models());
        if (!models.contains(defaultModel)) {
            models.add(defaultModel);
        }
        RunnerSettings settings = new RunnerSettings(
                binary,
                defaultModel,
                models,
                first(maxTurns, file.maxTurns(), 100),
                first(timeout, seconds(file.timeoutSeconds()), Duration.ofMinutes(30)),
                first(stallTimeout, seconds(file.stallTimeoutSeconds()), Duration.ofMinutes(10)),
                Duration.ofSeconds(5),
                2);
        Path sessions = first(sessionRoot, file.sessionRoot(), stateDir.resolve("sessions"));
        Preprompt preprompt = new Preprompt(Optional.ofNullable(first(prepromptFile, file.prepromptFile(), null)));

        var mapper = AgencyJson.newMapper();
        HistoryStore history = HistoryStore.open(stateDir.resolve("history"), mapper, 100, 20);
        SessionStore sessionStore = SessionStore.open(sessions, stateDir.resolve("sessions.json"), mapper);
        RunningTaskMarker marker = new RunningTaskMarker(stateDir.resolve("running.json"), mapper);
        Clock clock = Clock.systemUTC();
        ProcessLauncher launcher = new ProcessLauncher();
        new InterruptedTaskRecovery(marker, launcher::endLeftover, history, clock).recover();

        Map<String, String> agentEnv = new HashMap<>(env);
        if (isRoot()) {
            // The CLI refuses --dangerously-skip-permissions as root unless told it is sandboxed.
            agentEnv.put("IS_SANDBOX", "1");
        }
        ChildEnvironment childEnvironment = new ChildEnvironment(SECRETS, Set.copyOf(file.keepEnv()));
        TaskRunner runner = new TaskRunner(
                settings, launcher, history, sessionStore, marker, preprompt, childEnvironment, agentEnv, clock);

        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("name", agentName);
        shown.put("claude_bin", binary);
        shown.put("session_root", sessions.toString());
        shown.put("model", defaultModel);
        shown.put("models", models);
        shown.put("max_turns", settings.defaultMaxTurns());
        shown.put("timeout_seconds", settings.defaultTimeout().toSeconds());
        shown.put("stall_timeout_seconds", settings.stallTimeout().toSeconds());
        shown.put("preprompt_file", preprompt.file().map(Path::toString).orElse(null));
        Readiness readiness = new Readiness(new RunnerInfo("claude", binary, null));
        Agent agent = new Agent(agentName, AgencyVersion.current(), shown, readiness, runner, history, sessionStore);
        startCheck(readiness, binary, childEnvironment.build(agentEnv, Map.of()), stateDir);
        return agent;
    }

    private static void startCheck(Readiness readiness, String binary, Map<String, String> environment, Path dir) {
        Thread check = new Thread(
                () -> {
                    RunnerCheck.Result result = new RunnerCheck().check(binary, environment, dir);
                    if (result instanceof RunnerCheck.Ready ready) {
                        readiness.ready(ready.runner());
                        log.info(
                                "Claude Code CLI {} is ready ({})",
                                binary,
                                ready.runner().version());
                    } else {
                        String problem = ((RunnerCheck.Broken) result).problem();
                        readiness.broken(problem);
                        log.error("cannot run tasks: {}", problem);
                    }
                },
                "agent-cli-check");
        check.setDaemon(true);
        check.start();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Duration seconds(Integer value) {
        return value == null ? null : Duration.ofSeconds(value);
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
