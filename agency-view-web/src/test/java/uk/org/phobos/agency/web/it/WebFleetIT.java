package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** The web view jar with real agent jars running a fake {@code claude}. */
class WebFleetIT {
    static final String HOSTILE = "Done. <script>window.__pwned=1</script> <img src=x onerror=alert(1)> **ok**";

    @TempDir
    Path dir;

    private FakeClaude claude(FakeRun... runs) throws Exception {
        return FakeClaude.builder().runs(runs).writeTo(Files.createDirectories(dir.resolve("claude")));
    }

    @Test
    void aTaskFromTheCliShowsAsASessionWithItsLiveEventsAndSanitisedOutput() throws Exception {
        FakeClaude claude = claude(FakeRun.create()
                .init()
                .text("Working on it")
                .bash("t1", "ls")
                .toolResult("t1", "a.txt", false)
                .success(HOSTILE));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            ServiceProcess agent = fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);

            HttpResponse<String> created =
                    post(fleet, Map.of("prompt", "list the files", "source", "cli", "source_ref", "ag"));
            JsonNode accepted = fleet.browser().read(created.body());
            assertThat(created.statusCode()).isEqualTo(201);
            String taskId = accepted.path("task_id").asText();
            String sessionId = accepted.path("session_id").asText();
            assertThat(accepted.path("agent_url").asText())
                    .isEqualTo(agent.url().toString());

            Task done = fleet.awaitTask(taskId, t -> t.state().isTerminal(), "the task to end");
            assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.source().wireName()).isEqualTo("cli");

            BrowserClient browser = fleet.signedIn();
            JsonNode session =
                    browser.getJson("/ui/api/sessions").path("sessions").get(0);
            assertThat(session.path("session_id").asText()).isEqualTo(sessionId);
            assertThat(session.path("title").asText()).isEqualTo("list the files");
            assertThat(session.path("source").asText()).isEqualTo("cli");
            assertThat(session.path("agent_name").asText())
                    .isEqualTo(agent.client().status(agent.url()).name());
            assertThat(session.path("task_count").asInt()).isEqualTo(1);
            Deadline.after(Duration.ofSeconds(20))
                    .await(
                            "the session's last state",
                            () -> "completed"
                                    .equals(browser.getJson("/ui/api/sessions")
                                            .path("sessions")
                                            .get(0)
                                            .path("last_state")
                                            .asText()));

            JsonNode detail = browser.getJson("/ui/api/sessions/" + sessionId);
            String output = detail.path("tasks").get(0).path("output_html").asText();
            assertThat(output).contains("&lt;script&gt;", "<strong>ok</strong>").doesNotContain("<script", "<img");
            assertThat(detail.path("tasks").get(0).path("steps").toString()).contains("Bash");

            List<String[]> events = browser.events(
                    "/ui/api/tasks/" + taskId + "/events", e -> e[0].equals("end"), Duration.ofSeconds(30));
            assertThat(events)
                    .extracting(e -> e[0])
                    .contains("state", "init", "text", "tool_call", "tool_result", "result", "end");
            assertThat(events.stream()
                            .filter(e -> e[0].equals("text"))
                            .findFirst()
                            .orElseThrow()[1])
                    .contains("Working on it");

            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/sessions", JsonNode.class)
                            .path("sessions")
                            .get(0)
                            .path("session_id")
                            .asText())
                    .isEqualTo(sessionId);
        }
    }

    @Test
    void anyIdleAgentIsQueuedWhileAllAreBusyAndASessionFollowUpStaysWithItsAgent() throws Exception {
        FakeClaude claude =
                claude(FakeRun.create().init().hang(), FakeRun.create().init().success("second"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            JsonNode first = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "long job")).body());
            String firstTask = first.path("task_id").asText();
            fleet.awaitTask(firstTask, t -> t.state() == TaskState.WORKING, "the first task to run");

            HttpResponse<String> queued = post(fleet, Map.of("prompt", "next job"));
            JsonNode waiting = fleet.browser().read(queued.body());
            assertThat(queued.statusCode()).isEqualTo(202);
            assertThat(waiting.path("state").asText()).isEqualTo("queued");
            String queueId = waiting.path("task_id").asText();
            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/task/" + queueId, Task.class)
                            .state())
                    .isEqualTo(TaskState.QUEUED);
            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/queue", JsonNode.class)
                            .path("entries")
                            .toString())
                    .contains(queueId);

            fleet.client().send(fleet.internal(), "POST", "/api/task/" + firstTask + "/cancel", null, Task.class);

            Task second = fleet.awaitTask(queueId, t -> t.state() == TaskState.COMPLETED, "the queued task to run");
            assertThat(second.taskId()).isNotEqualTo(queueId);
            assertThat(second.output()).isEqualTo("second");
            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/task/" + firstTask, Task.class)
                            .state())
                    .isEqualTo(TaskState.CANCELLED);

            HttpResponse<String> followUp = post(fleet, Map.of("prompt", "and then", "session_id", second.sessionId()));
            assertThat(followUp.statusCode())
                    .as("dispatched now, or at the next poll")
                    .isIn(201, 202);
            Task third = fleet.awaitTask(
                    fleet.browser().read(followUp.body()).path("task_id").asText(),
                    t -> t.state().isTerminal(),
                    "follow-up");
            assertThat(third.sessionId()).isEqualTo(second.sessionId());
            assertThat(claude.invocations().get(2).args()).contains("--resume");
        }
    }

    @Test
    void signingOutEndsTheRelayedOutputOfARunningTask() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().text("thinking").hang());
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            String taskId = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "keep going")).body())
                    .path("task_id")
                    .asText();
            fleet.awaitTask(taskId, t -> t.state() == TaskState.WORKING, "the task to run");
            BrowserClient browser = fleet.signedIn();

            try (BrowserClient.LiveEvents output = browser.openEvents("/ui/api/tasks/" + taskId + "/events")) {
                output.awaitEvent("text", Duration.ofSeconds(30));

                assertThat(browser.post("/logout", Map.of()).statusCode()).isEqualTo(200);

                output.awaitEnd(Duration.ofSeconds(10));
                assertThat(output.names())
                        .as("closed by the web view, not ended by the agent")
                        .doesNotContain("end");
            }
            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/task/" + taskId, Task.class)
                            .state())
                    .as("the task itself runs on")
                    .isEqualTo(TaskState.WORKING);
        }
    }

    @Test
    void queuedTasksSurviveARestartOfTheWebView() throws Exception {
        FakeClaude claude =
                claude(FakeRun.create().init().hang(), FakeRun.create().init().success("after restart"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            String running = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "hold the agent")).body())
                    .path("task_id")
                    .asText();
            fleet.awaitTask(running, t -> t.state() == TaskState.WORKING, "the first task to run");
            String queueId = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "wait for me")).body())
                    .path("task_id")
                    .asText();

            fleet.web.kill9();
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            assertThat(fleet.client()
                            .get(fleet.internal(), "/api/task/" + queueId, Task.class)
                            .state())
                    .isEqualTo(TaskState.QUEUED);
            fleet.client().send(fleet.internal(), "POST", "/api/task/" + running + "/cancel", null, Task.class);

            Task done =
                    fleet.awaitTask(queueId, t -> t.state() == TaskState.COMPLETED, "the queued task after a restart");
            assertThat(done.output()).isEqualTo("after restart");
            assertThat(claude.invocations()).hasSize(2);
        }
    }

    @Test
    void aTaskNeverShowsWorkingAfterItsAgentCrashed() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().hang());
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            ServiceProcess agent = fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            String taskId = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "crash me")).body())
                    .path("task_id")
                    .asText();
            fleet.awaitTask(taskId, t -> t.state() == TaskState.WORKING, "the task to run");

            agent.kill9();
            fleet.agents.remove(agent);
            fleet.startAgent(0, claude);

            Task task =
                    fleet.awaitTask(taskId, t -> t.state() != TaskState.WORKING, "the task to stop showing working");
            assertThat(task.state()).isEqualTo(TaskState.INTERRUPTED);
            Deadline.after(Duration.ofSeconds(20)).await("the agent's own record", () -> {
                Task now = fleet.client().get(fleet.internal(), "/api/task/" + taskId, Task.class);
                return now.state() == TaskState.INTERRUPTED && now.error() != null;
            });
        }
    }

    @Test
    void tasksSentToAnAgentDirectlyShowOnTheDashboard() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().success("direct"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            ServiceProcess agent = fleet.startAgent(0, claude);
            var created = agent.client()
                    .submit(agent.url(), uk.org.phobos.agency.core.api.TaskRequest.of("straight to the agent"));
            Deadline.after(Duration.ofSeconds(30))
                    .await(
                            "the direct task to end",
                            () -> agent.client()
                                    .task(agent.url(), created.taskId())
                                    .state()
                                    .isTerminal());

            fleet.startWeb(true);

            Task seen = fleet.awaitTask(created.taskId(), t -> t.state() == TaskState.COMPLETED, "the imported task");
            assertThat(seen.output()).isEqualTo("direct");
            JsonNode session = fleet.signedIn().getJson("/ui/api/sessions/" + created.sessionId());
            assertThat(session.path("title").asText()).isEqualTo("straight to the agent");
            assertThat(session.path("tasks").size()).isEqualTo(1);
        }
    }

    @Test
    void sessionsCanBeArchivedAndUnarchived() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().success("x"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);
            String sessionId = fleet.browser()
                    .read(post(fleet, Map.of("prompt", "tidy up")).body())
                    .path("session_id")
                    .asText();
            BrowserClient browser = fleet.signedIn();

            assertThat(browser.post("/ui/api/sessions/" + sessionId + "/archive", Map.of())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(browser.getJson("/ui/api/sessions").path("sessions").toString())
                    .doesNotContain(sessionId);
            assertThat(browser.getJson("/ui/api/sessions?archived=true")
                            .path("sessions")
                            .toString())
                    .contains(sessionId);
            browser.post("/ui/api/sessions/" + sessionId + "/unarchive", Map.of());
            assertThat(browser.getJson("/ui/api/sessions").path("sessions").toString())
                    .contains(sessionId);
        }
    }

    @Test
    void fleetShutdownStopsEveryComponentAndTheWebView() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().success("x"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            ServiceProcess agent = fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);

            JsonNode answer = fleet.client()
                    .send(
                            fleet.internal(),
                            "POST",
                            "/api/fleet/shutdown",
                            Map.of("timeout_seconds", 5),
                            JsonNode.class);

            assertThat(answer.path("components").get(0).path("state").asText()).isEqualTo("draining");
            assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(fleet.web.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void onlyDiscoveredAgentsAreReachable() throws Exception {
        FakeClaude claude = claude(FakeRun.create().init().success("x"));
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startAgent(0, claude);
            fleet.startWeb(true);
            fleet.awaitAgentsDiscovered(1);

            for (String target : List.of("https://169.254.169.254", "https://127.0.0.1:1", "http://example.org")) {
                HttpResponse<String> refused = post(fleet, Map.of("prompt", "x", "agent", target));
                assertThat(refused.statusCode()).as(target).isEqualTo(404);
            }
            BrowserClient browser = fleet.signedIn();
            assertThat(browser.get("/ui/api/tasks/..%2F..%2Fetc/events").statusCode())
                    .isIn(400, 404);
            assertThat(browser.get("/ui/api/scheduler/jobs/a%2F..%2Fb/runs").statusCode())
                    .isIn(400, 404, 503);
            assertThat(browser.getJson("/ui/api/scheduler").path("available").asBoolean())
                    .isFalse();
            assertThat(claude.invocations()).isEmpty();
        }
    }

    private static HttpResponse<String> post(WebFleet fleet, Map<String, Object> body) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
            var request = java.net.http.HttpRequest.newBuilder(fleet.internal().resolve("/api/task"))
                    .header("Authorization", "Bearer " + fleet.web.token())
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                    .build();
            return java.net.http.HttpClient.newBuilder()
                    .sslContext(fleet.trust())
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
