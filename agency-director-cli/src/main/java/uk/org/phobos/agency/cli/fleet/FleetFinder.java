package uk.org.phobos.agency.cli.fleet;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.ApiRecords;
import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.CurrentTask;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.discovery.DiscoveredComponent;
import uk.org.phobos.agency.core.discovery.Fleet;
import uk.org.phobos.agency.core.discovery.FleetScanner;
import uk.org.phobos.agency.core.discovery.ScanTarget;

/**
 * Finds the fleet with {@code agency-core}'s scanner (a TCP sweep, then {@code GET /status} on each open
 * port, in parallel) and answers the questions commands ask of it: which agent is idle, which agent knows
 * a task or a session.
 */
public final class FleetFinder {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    /** How the scheduler's name starts ({@code scheduler-9100}). */
    private static final String SCHEDULER = "scheduler";

    private final AgencyApi api;
    private final ApiRecords records;
    private final List<ScanTarget> targets;
    private final Map<URI, JsonObject> rawStatuses = new ConcurrentHashMap<>();
    private List<DiscoveredComponent> found;

    public FleetFinder(AgencyApi api, ApiRecords records, List<ScanTarget> targets) {
        this.api = api;
        this.records = records;
        this.targets = List.copyOf(targets);
    }

    public List<ScanTarget> targets() {
        return targets;
    }

    /** Every component that answered, ordered by URL; scanned once per command. */
    public synchronized List<DiscoveredComponent> components() {
        if (found == null) {
            // Daemon threads parked in a pool cost nothing at exit; the pool is shut down anyway.
            ExecutorService pool = scanPool();
            try {
                found = scanner(pool).scan(targets);
            } finally {
                pool.shutdownNow();
            }
        }
        return found;
    }

    /** A fleet that scans again on each {@link Fleet#refresh()}, tracking health; for {@code --watch}. */
    public Fleet watch(Clock clock) {
        return new Fleet(scanner(scanPool()), targets, clock, Duration.ofMinutes(10));
    }

    /** The status JSON a component sent during the last scan, as sent. */
    public JsonObject rawStatus(URI url) {
        return rawStatuses.get(url);
    }

    private FleetScanner scanner(ExecutorService pool) {
        return new FleetScanner(
                url -> {
                    JsonObject json = api.status(url);
                    rawStatuses.put(url, json);
                    return records.status(json);
                },
                CONNECT_TIMEOUT,
                pool);
    }

    // Daemon threads parked in a pool cost nothing at exit, unlike threads blocked in native code.
    private static ExecutorService scanPool() {
        return Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "ag-scan");
            thread.setDaemon(true);
            return thread;
        });
    }

    public List<DiscoveredComponent> agents() {
        return components().stream()
                .filter(component -> component.status().type() == ComponentType.AGENT)
                .toList();
    }

    /** The first idle agent; exit 3 when there is no agent, 4 when every agent is busy. */
    public URI idleAgent() {
        List<DiscoveredComponent> agents = requireAgents();
        for (DiscoveredComponent agent : agents) {
            if ("idle".equals(agent.status().state())) {
                return agent.url();
            }
        }
        StringBuilder busy = new StringBuilder();
        for (DiscoveredComponent agent : agents) {
            CurrentTask current = records.currentTask(agent.status());
            busy.append(busy.length() == 0 ? "" : "; ")
                    .append(agent.status().name())
                    .append(" is ")
                    .append(agent.status().state())
                    .append(current == null ? "" : " (task " + current.taskId() + ")");
        }
        throw new CliException(
                ExitCode.BUSY,
                "No idle agent: " + busy + ". Wait for one, cancel a task with `ag cancel TASK`, or start another"
                        + " agent (bin/ag-agent-claude).");
    }

    /** The agents, or exit 3 saying where it looked. */
    public List<DiscoveredComponent> requireAgents() {
        List<DiscoveredComponent> agents = agents();
        if (agents.isEmpty()) {
            throw nothingFound("agent");
        }
        return agents;
    }

    /**
     * The scheduler: the first component (lowest port) of type {@code helper} whose name starts with {@code
     * scheduler} (ag-tool-scheduler calls itself {@code scheduler-PORT}); exit 3 saying where it looked when
     * none answers.
     */
    public URI requireScheduler() {
        for (DiscoveredComponent component : components()) {
            String name = component.status().name();
            if (component.status().type() == ComponentType.HELPER && name != null && name.startsWith(SCHEDULER)) {
                return component.url();
            }
        }
        throw new CliException(
                ExitCode.UNREACHABLE,
                "No Agency scheduler answered on " + ranges() + ". Start one (./build.sh run, or"
                        + " bin/ag-tool-scheduler), or point at one with --scheduler URL.");
    }

    /** The components, or exit 3 saying where it looked. */
    public List<DiscoveredComponent> requireComponents() {
        List<DiscoveredComponent> components = components();
        if (components.isEmpty()) {
            throw nothingFound("component");
        }
        return components;
    }

    /** The agent that knows task {@code taskId} and the task's JSON there; exit 1 when none does. */
    public Located locateTask(String taskId) {
        List<DiscoveredComponent> agents = requireAgents();
        for (DiscoveredComponent agent : agents) {
            Optional<JsonObject> task = askQuietly(() -> api.task(TaskAddress.agent(agent.url(), taskId)));
            if (task.isPresent()) {
                return new Located(agent.url(), task.get());
            }
        }
        throw new CliException(
                ExitCode.FAILED,
                "No agent knows task " + taskId + " (asked " + describe(agents) + "). Check the id with `ag history`,"
                        + " or name the agent with --agent URL.");
    }

    /** The agent that holds session {@code sessionId}, if one does. */
    public Optional<URI> sessionHolder(String sessionId) {
        for (DiscoveredComponent agent : requireAgents()) {
            if (askQuietly(() -> api.session(agent.url(), sessionId)).isPresent()) {
                return Optional.of(agent.url());
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonObject> askQuietly(Supplier<JsonObject> call) {
        try {
            return Optional.of(call.get());
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private CliException nothingFound(String what) {
        return new CliException(
                ExitCode.UNREACHABLE,
                "No Agency " + what + " answered on " + ranges() + ". Start one (./build.sh run, or"
                        + " bin/ag-agent-claude), or point at one with --agent URL.");
    }

    private String ranges() {
        List<String> ranges = new ArrayList<>();
        for (ScanTarget target : targets) {
            ranges.add(target.host() + ":" + target.ports());
        }
        return String.join(", ", ranges);
    }

    private static String describe(List<DiscoveredComponent> agents) {
        return agents.stream()
                .map(agent -> agent.status().name() + " at " + agent.url())
                .reduce((a, b) -> a + ", " + b)
                .orElse("no agent");
    }

    /** Where a task was found, and the task as that agent sent it. */
    public record Located(URI agent, JsonObject task) {}
}
