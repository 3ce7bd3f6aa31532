package uk.org.phobos.agency.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.ProcessTable;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * The agent jar running against a fake {@code claude}, in a temporary {@code AGENCY_ROOT}, with the
 * agent's default sandbox (bwrap is installed here, so {@code required}). The fake records its
 * invocations in its own folder, which the harness's config makes writable inside the sandbox;
 * tests that pass their own {@code --config} add {@link #recordsWritable(FakeClaude)} to it.
 */
final class AgentHarness implements AutoCloseable {
    final Path root;
    final FakeClaude claude;
    final ServiceProcess agent;
    final AgencyClient client;

    private AgentHarness(Path root, FakeClaude claude, ServiceProcess agent) {
        this.root = root;
        this.claude = claude;
        this.agent = agent;
        this.client = agent.client();
    }

    static AgentHarness start(Path dir, List<String> extraArgs, FakeRun... runs) throws IOException {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude =
                FakeClaude.builder().runs(runs).writeTo(Files.createDirectories(dir.resolve("fake-claude")));
        return startWith(root, claude, extraArgs);
    }

    static AgentHarness startWith(Path root, FakeClaude claude, List<String> extraArgs) throws IOException {
        return startWith(root, claude, extraArgs, Map.of());
    }

    /** With {@code env} added to the agent's environment (for example a {@code PATH} without bwrap). */
    static AgentHarness startWith(Path root, FakeClaude claude, List<String> extraArgs, Map<String, String> env)
            throws IOException {
        List<String> args =
                new ArrayList<>(List.of("--claude-bin", claude.executable().toString(), "--log-format", "text"));
        if (!extraArgs.contains("--port")) {
            args.addAll(List.of("--port", Integer.toString(new FreePorts().pick())));
        }
        if (!extraArgs.contains("--config")) {
            Path config = root.resolveSibling(root.getFileName() + "-agent.yaml");
            Files.writeString(config, "sandbox:\n" + recordsWritable(claude));
            args.addAll(List.of("--config", config.toString()));
        }
        args.addAll(extraArgs);
        ServiceProcess.Builder builder = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .env("AGENCY_TOKEN_FILE", "/should/not/leak")
                .env("CLAUDECODE", "1")
                .env("CLAUDE_CODE_ENTRYPOINT", "parent-session");
        env.forEach(builder::env);
        ServiceProcess agent = builder.args(args.toArray(String[]::new)).start();
        AgentHarness harness = new AgentHarness(root, claude, agent);
        harness.awaitState("idle");
        return harness;
    }

    /**
     * The lines of a {@code sandbox:} config section that make the fake's records folder writable
     * inside the sandbox (its install folder is read-only there, like a real CLI's).
     */
    static String recordsWritable(FakeClaude claude) throws IOException {
        Path records = Files.createDirectories(claude.recordsDirectory());
        return "  read_write:\n    - " + records.toAbsolutePath() + "\n";
    }

    URI url() {
        return agent.url();
    }

    StatusReport status() {
        return client.status(url());
    }

    void awaitState(String state) {
        Deadline.after(Duration.ofSeconds(30)).await("agent state " + state, () -> state.equals(status().state()));
    }

    Task awaitEnd(String taskId) {
        Task[] last = new Task[1];
        Deadline.after(Duration.ofSeconds(60)).await("task " + taskId + " to end", () -> {
            last[0] = client.task(url(), taskId);
            return last[0].state().isTerminal();
        });
        return last[0];
    }

    /**
     * The running processes of every CLI run so far, found on the host by the run id each carries in
     * its environment, so also inside a sandbox's pid namespace.
     */
    List<ProcessHandle> runProcesses() {
        return claude.invocations().stream()
                .map(call -> call.env().get("AGENCY_RUN_ID"))
                .filter(Objects::nonNull)
                .flatMap(runId -> ProcessTable.runningWithEnvironment("AGENCY_RUN_ID", runId).stream())
                .toList();
    }

    /** Waits until nothing of any CLI run is left; a grandchild the runs started must have existed. */
    void awaitNoRunProcesses() {
        assertThat(claude.grandchildPids()).as("a grandchild was started").isNotEmpty();
        Deadline.after(Duration.ofSeconds(10))
                .await(
                        "every process of the runs to be gone",
                        () -> runProcesses().isEmpty());
    }

    @Override
    public void close() {
        agent.close();
    }
}
