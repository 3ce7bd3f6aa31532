package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * The scheduler in a real fleet: the scheduler, web view and agent jars as processes under one {@code
 * AGENCY_ROOT}, the agent running a fake CLI. A job run goes through the web view's internal API (so its
 * session shows on the dashboard as the scheduler's), is followed to its task's final state, and falls
 * back to the agent, saying so, once the web view is gone.
 */
class ScheduledRunsThroughTheFleetIT {
    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();
    private Path root;
    private ServiceProcess agent;
    private ServiceProcess web;
    private ServiceProcess scheduler;
    private AgencyClient client;

    @BeforeEach
    void startTheFleet() throws IOException {
        root = Files.createDirectories(dir.resolve("agency"));
        FreePorts ports = new FreePorts();
        int agentPort = ports.pick();
        FakeClaude claude = FakeClaude.builder()
                .runs(FakeRun.create().init().text("Tidied.").success("Tidied."))
                .writeTo(Files.createDirectories(dir.resolve("fake-claude")));
        // The agent runs the fake in its default sandbox, where only this folder lets it keep its records.
        Path records = Files.createDirectories(claude.recordsDirectory());
        Path agentConfig = Files.writeString(
                dir.resolve("agent.yaml"), "sandbox:\n  read_write:\n    - " + records.toAbsolutePath() + "\n");
        agent = start(ServiceProcess.of(ServiceJar.AGENT)
                .args(
                        "--port", Integer.toString(agentPort),
                        "--claude-bin", claude.executable().toString(),
                        "--config", agentConfig.toString(),
                        "--log-format", "text"));
        client = agent.client();
        Deadline.after(Duration.ofSeconds(30))
                .await(
                        "the agent to be idle",
                        () -> "idle".equals(client.status(agent.url()).state()));

        web = start(ServiceProcess.of(ServiceJar.WEB)
                .env("AG_WEB_PASSWORD", "correct horse battery staple")
                .args(
                        "--port",
                        Integer.toString(ports.pick()),
                        "--internal-port",
                        Integer.toString(ports.pick()),
                        "--discovery-range",
                        agentPort + "-" + agentPort,
                        "--poll-interval",
                        "1",
                        "--log-format",
                        "text"));
        scheduler = start(ServiceProcess.of(ServiceJar.SCHEDULER)
                .args(
                        "--port", Integer.toString(ports.pick()),
                        "--web-url", web.url().toString(),
                        "--agent-url", agent.url().toString(),
                        "--log-format", "text"));
    }

    @AfterEach
    void stopTheFleet() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void aRunGoesThroughTheWebViewAndItsTaskIsFollowedToTheEnd() {
        createJob("nightly-tidy");

        JsonNode run = runAndAwaitTheEnd("nightly-tidy", 1);

        assertThat(run.path("outcome").asText()).isEqualTo("submitted");
        assertThat(run.path("via").asText()).isEqualTo("web");
        assertThat(run.path("final_state").asText()).as(run.toString()).isEqualTo("completed");
        // The run's task id is the web view's: a queue id while the web view had not yet found an idle agent.
        assertThat(run.path("task_id").asText()).isNotBlank();
        Task onTheAgent = agentTaskOf("nightly-tidy");
        assertThat(onTheAgent.prompt()).isEqualTo("Tidy the repository.");
        assertThat(onTheAgent.source()).isEqualTo(TaskSource.SCHEDULER);
        assertThat(onTheAgent.sourceRef()).isEqualTo("nightly-tidy");
        assertThat(onTheAgent.output()).contains("Tidied.");

        JsonNode sessions =
                client.get(web.url(), "/api/sessions", JsonNode.class).path("sessions");
        assertThat(sessions).anySatisfy(session -> {
            assertThat(session.path("session_id").asText()).isEqualTo(onTheAgent.sessionId());
            assertThat(session.path("source").asText()).isEqualTo("scheduler");
            assertThat(session.path("source_ref").asText()).isEqualTo("nightly-tidy");
        });
    }

    @Test
    void withTheWebViewGoneARunFallsBackToTheAgentAndSaysSo() {
        createJob("weekly-clean");
        web.close();

        JsonNode run = runAndAwaitTheEnd("weekly-clean", 1);

        assertThat(run.path("outcome").asText()).isEqualTo("submitted");
        assertThat(run.path("via").asText()).isEqualTo("agent");
        assertThat(run.path("agent_url").asText()).isEqualTo(agent.url().toString());
        assertThat(run.path("fallback_reason").asText()).as(run.toString()).isNotBlank();
        assertThat(run.path("final_state").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(client.task(agent.url(), run.path("task_id").asText()).source())
                .isEqualTo(TaskSource.SCHEDULER);
        assertThat(agentTaskOf("weekly-clean").taskId())
                .isEqualTo(run.path("task_id").asText());
    }

    private void createJob(String name) {
        // A schedule that does not fire during the test: the runs come from "run now".
        JsonNode created = client.send(
                scheduler.url(),
                "POST",
                "/jobs",
                Map.of("name", name, "schedule", "0 3 1 1 *", "prompt", "Tidy the repository."),
                JsonNode.class);
        assertThat(created.path("name").asText()).isEqualTo(name);
    }

    /** Asks for a run now and waits until the job's history shows {@code count} runs, the newest ended. */
    private JsonNode runAndAwaitTheEnd(String job, int count) {
        client.send(scheduler.url(), "POST", "/jobs/" + job + "/run", null, JsonNode.class);
        JsonNode[] newest = new JsonNode[1];
        Deadline.after(Duration.ofSeconds(60)).await("run " + count + " of " + job + " to end", () -> {
            JsonNode runs = client.get(scheduler.url(), "/jobs/" + job + "/runs", JsonNode.class)
                    .path("runs");
            if (runs.size() < count) {
                return false;
            }
            newest[0] = newestOf(runs);
            return !newest[0].path("final_state").isNull()
                            && !newest[0].path("final_state").isMissingNode()
                    || isSkipped(newest[0]);
        });
        return newest[0];
    }

    private static JsonNode newestOf(JsonNode runs) {
        JsonNode newest = runs.get(0);
        for (JsonNode run : runs) {
            if (run.path("queued_at")
                            .asText()
                            .compareTo(newest.path("queued_at").asText())
                    > 0) {
                newest = run;
            }
        }
        return newest;
    }

    private static boolean isSkipped(JsonNode run) {
        return run.path("outcome").asText().startsWith("skipped");
    }

    private ServiceProcess start(ServiceProcess.Builder builder) throws IOException {
        ServiceProcess process = builder.agencyRoot(root).start();
        started.add(process);
        return process;
    }

    /** The one task the agent ran for {@code job}. */
    private Task agentTaskOf(String job) {
        List<Task> tasks = client.history(agent.url(), 1, 100).entries().stream()
                .filter(task -> job.equals(task.sourceRef()))
                .toList();
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }
}
