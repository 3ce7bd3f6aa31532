package uk.org.phobos.agency.agent;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import uk.org.phobos.agency.agent.claude.ExecutableLookup;
import uk.org.phobos.agency.agent.claude.ProcessLauncher;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.InterruptedTaskRecovery;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.agent.sandbox.SandboxConfig;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.sandbox.WritablePathGuard;
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
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.agent.AgentSandboxSettings;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.detect.SandboxDetector;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;

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
    /** The probe's stand-in session directory; not a valid session id, so no session can clash with it. */
    static final String PROBE_DIRECTORY = ".sandbox-probe";

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

    @Option(
            names = "--sandbox",
            paramLabel = "off|auto|required",
            description = {
                "Task sandbox: 'required' runs tasks only in a sandbox that passed its probe (refused with"
                        + " sandbox_error otherwise), 'auto' runs them unsandboxed when the probe fails, 'off' never"
                        + " sandboxes (default: required when bwrap is installed, else auto)."
            })
    SandboxMode sandbox;

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

    private Agent build(AgencyHome home, int port, AgentConfig file) throws IOException {
        String agentName = first(name, file.name(), "agent-" + port);
        Path stateDir = home.componentDir(agentName);
        String binary = first(claudeBin, file.claudeBin(), env.getOrDefault("CLAUDE_BIN", "claude"));
        Map<String, String> agentEnv = new HashMap<>(env);
        // The agent alone decides where the CLI gets IS_SANDBOX (TaskSandboxing): inherited, it would
        // let the CLI skip its permission checks as root outside any sandbox.
        agentEnv.remove("IS_SANDBOX");
        ChildEnvironment childEnvironment = new ChildEnvironment(SECRETS, Set.copyOf(file.keepEnv()));
        Map<String, String> cliEnvironment = childEnvironment.build(agentEnv, Map.of());
        String cli = resolve(binary, cliEnvironment);
        String defaultModel = first(model, file.model(), "sonnet");
        List<String> models = new ArrayList<>(file.models().isEmpty() ? DEFAULT_MODELS : file.models());
        if (!models.contains(defaultModel)) {
            models.add(defaultModel);
        }
        RunnerSettings settings = new RunnerSettings(
                cli,
                defaultModel,
                models,
                first(maxTurns, file.maxTurns(), 100),
                first(timeout, seconds(file.timeoutSeconds()), Duration.ofMinutes(30)),
                first(stallTimeout, seconds(file.stallTimeoutSeconds()), Duration.ofMinutes(10)),
                Duration.ofSeconds(5),
                2);
        Path sessions = first(sessionRoot, file.sessionRoot(), stateDir.resolve("sessions"))
                .toAbsolutePath()
                .normalize();
        Preprompt preprompt = new Preprompt(Optional.ofNullable(first(prepromptFile, file.prepromptFile(), null)));
        SandboxConfig sandboxConfig = file.sandbox();
        TaskSandboxing sandboxing = sandboxing(home, sessions, cli, cliEnvironment, sandboxConfig, preprompt.file());

        var mapper = AgencyJson.newMapper();
        HistoryStore history = HistoryStore.open(stateDir.resolve("history"), mapper, 100, 20);
        SessionStore sessionStore = SessionStore.open(sessions, stateDir.resolve("sessions.jsonl"), mapper);
        RunningTaskMarker marker = new RunningTaskMarker(stateDir.resolve("running.json"), mapper);
        Clock clock = Clock.systemUTC();
        ProcessLauncher launcher = new ProcessLauncher();
        new InterruptedTaskRecovery(marker, launcher::endLeftover, history, clock).recover();
        TaskRunner runner = new TaskRunner(
                settings,
                launcher,
                history,
                sessionStore,
                marker,
                preprompt,
                childEnvironment,
                agentEnv,
                sandboxing,
                clock);

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
        shown.put("sandbox", sandboxConfig.shown(sandboxing.mode()));
        Readiness readiness = new Readiness(new RunnerInfo("claude", cli, null));
        Agent agent = new Agent(
                agentName, AgencyVersion.current(), shown, readiness, sandboxing, runner, history, sessionStore);
        new StartupCheck(readiness, cli, cliEnvironment, stateDir, sandboxing, sessions.resolve(PROBE_DIRECTORY))
                .start();
        return agent;
    }

    /**
     * The sandbox every task runs in: the mode from {@code --sandbox}, the config file, or the
     * default (required where bwrap is found on the CLI's PATH, else auto, loudly); the agent's
     * default policy plus the config's extra paths, checked now so that a bad path stops the agent.
     */
    private TaskSandboxing sandboxing(
            AgencyHome home,
            Path sessions,
            String cli,
            Map<String, String> cliEnvironment,
            SandboxConfig config,
            Optional<Path> prepromptPath) {
        Detection detection = SandboxDetector.forThisMachine().detect(cliEnvironment);
        SandboxMode mode = first(sandbox, config.mode(), SandboxMode.defaultFor(detection.available()));
        if (sandbox == null && config.mode() == null && !detection.available()) {
            log.warn(
                    "NO SANDBOX BACKEND: {}. Tasks will run UNSANDBOXED (--sandbox auto, the default without one);"
                            + " install bubblewrap for the default --sandbox required",
                    detection.reason());
        }
        AgentPolicyFactory policies;
        try {
            AgentSandboxSettings settings = AgentSandboxSettings.fromEnvironment(
                            cliEnvironment, home.root(), Path.of(cli).toAbsolutePath())
                    .withExtras(config.readOnly(), config.readWrite(), config.hidden());
            // The session root holds every session's directory and CLI config folder.
            List<Path> writable = new ArrayList<>(List.of(sessions));
            writable.addAll(settings.extraReadWrite());
            WritablePathGuard guard = new WritablePathGuard(writable);
            if (mode != SandboxMode.OFF) {
                guard.requireOutside("the config file", Optional.ofNullable(service.config()));
                guard.requireOutside("the preprompt file", prepromptPath);
            }
            policies = new AgentPolicyFactory(settings);
        } catch (IllegalArgumentException e) {
            if (mode != SandboxMode.OFF) {
                throw new IllegalArgumentException("sandbox: " + e.getMessage(), e);
            }
            policies = null;
        }
        TaskSandboxing sandboxing = new TaskSandboxing(mode, detection, policies, new SandboxProbe(), isRoot());
        try {
            sandboxing.validate(sessions.resolve(PROBE_DIRECTORY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandbox: " + e.getMessage(), e);
        }
        return sandboxing;
    }

    /** The CLI as an absolute path found on the CLI's own PATH; as given when it is not found (the check says so). */
    private static String resolve(String binary, Map<String, String> cliEnvironment) {
        try {
            return new ExecutableLookup()
                    .resolve(binary, cliEnvironment, Path.of("").toAbsolutePath())
                    .toString();
        } catch (IOException e) {
            return binary;
        }
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
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
