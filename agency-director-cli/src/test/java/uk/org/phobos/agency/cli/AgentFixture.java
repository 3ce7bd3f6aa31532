package uk.org.phobos.agency.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** The real agent jar with a fake {@code claude}, in its own {@code AGENCY_ROOT}, and a CLI runner aimed at it. */
final class AgentFixture implements AutoCloseable {
    final Path root;
    final FakeClaude claude;
    final ServiceProcess agent;
    final AgencyClient client;

    private AgentFixture(Path root, FakeClaude claude, ServiceProcess agent) {
        this.root = root;
        this.claude = claude;
        this.agent = agent;
        this.client = agent.client();
    }

    /** Starts an agent whose CLI plays {@code runs} (the last one again for every later task). */
    static AgentFixture start(Path dir, FakeRun... runs) throws IOException {
        Path root = Files.createDirectories(dir.resolve("agency"));
        FakeClaude claude =
                FakeClaude.builder().runs(runs).writeTo(Files.createDirectories(dir.resolve("fake-claude")));
        // The agent runs the fake in its default sandbox, where only this folder lets it keep its records.
        Path records = Files.createDirectories(claude.recordsDirectory());
        Path config = Files.writeString(
                dir.resolve("agent.yaml"), "sandbox:\n  read_write:\n    - " + records.toAbsolutePath() + "\n");
        ServiceProcess agent = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .args(
                        "--config",
                        config.toString(),
                        "--claude-bin",
                        claude.executable().toString(),
                        "--port",
                        Integer.toString(new FreePorts().pick()),
                        "--log-format",
                        "text")
                .start();
        AgentFixture fixture = new AgentFixture(root, claude, agent);
        Deadline.after(Duration.ofSeconds(30))
                .await(
                        "the agent to be idle",
                        () -> "idle".equals(fixture.client.status(fixture.url()).state()));
        return fixture;
    }

    URI url() {
        return agent.url();
    }

    int port() {
        return agent.url().getPort();
    }

    /** A runner with this fleet's root, discovering exactly this agent. */
    CliRunner cli() {
        return new CliRunner(root).discoveryRange(port(), port());
    }

    Task awaitEnd(String taskId) {
        Task[] last = new Task[1];
        Deadline.after(Duration.ofSeconds(30)).await("task " + taskId + " to end", () -> {
            last[0] = client.task(url(), taskId);
            return last[0].state().isTerminal();
        });
        return last[0];
    }

    void awaitState(String state) {
        Deadline.after(Duration.ofSeconds(30))
                .await(
                        "agent state " + state,
                        () -> state.equals(client.status(url()).state()));
    }

    @Override
    public void close() {
        agent.close();
    }
}
