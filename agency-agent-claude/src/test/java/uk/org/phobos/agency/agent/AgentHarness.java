package uk.org.phobos.agency.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** The agent jar running against a fake {@code claude}, in a temporary {@code AGENCY_ROOT}. */
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
        List<String> args =
                new ArrayList<>(List.of("--claude-bin", claude.executable().toString(), "--log-format", "text"));
        if (!extraArgs.contains("--port")) {
            args.addAll(List.of("--port", Integer.toString(new FreePorts().pick())));
        }
        args.addAll(extraArgs);
        ServiceProcess agent = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .env("AGENCY_TOKEN_FILE", "/should/not/leak")
                .env("CLAUDECODE", "1")
                .env("CLAUDE_CODE_ENTRYPOINT", "parent-session")
                .args(args.toArray(String[]::new))
                .start();
        AgentHarness harness = new AgentHarness(root, claude, agent);
        harness.awaitState("idle");
        return harness;
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

    @Override
    public void close() {
        agent.close();
    }
}
