package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

/**
 * {@code --json} of every command but {@code task} and {@code status} (CommandsAgainstAgentIT has those): one JSON
 * document on one line of stdout, as the API gave it. The real agent jar; its fake CLI completes the first task
 * and hangs in every later one, and the last test shuts the agent down, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JsonOutputIT {
    private static final String ANSWER = "Listed it.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static AgentFixture fixture;
    static String completedTask;

    @BeforeAll
    static void start() throws Exception {
        fixture = AgentFixture.start(
                dir,
                FakeRun.create()
                        .init()
                        .text("Let me look.")
                        .bash("toolu_1", "ls -la")
                        .toolResult("toolu_1", "total 0", false)
                        .success(ANSWER),
                FakeRun.create().init().text("Working on it.").hang());
        completedTask = fixture.cli().run("task", "list the folder").out().strip();
        fixture.awaitEnd(completedTask);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void showPrintsTheTask() throws IOException {
        JsonNode task = document(fixture.cli().run("show", completedTask, "--json"));

        assertThat(task.path("task_id").asText()).isEqualTo(completedTask);
        assertThat(task.path("state").asText()).isEqualTo("completed");
        assertThat(task.path("prompt").asText()).isEqualTo("list the folder");
        assertThat(task.path("source").asText()).isEqualTo("cli");
        assertThat(task.path("output").asText()).isEqualTo(ANSWER);
        assertThat(task.path("steps"))
                .anySatisfy(step -> assertThat(step.path("type").asText()).isEqualTo("text"))
                .anySatisfy(step -> {
                    assertThat(step.path("type").asText()).isEqualTo("tool_call");
                    assertThat(step.path("tool").asText()).isEqualTo("Bash");
                    assertThat(step.path("input_preview").asText()).contains("ls -la");
                });
        assertThat(task.path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    @Order(2)
    void logsPrintsTheRawLines() throws IOException {
        JsonNode debug = document(fixture.cli().run("logs", completedTask, "--json"));

        assertThat(debug.path("task_id").asText()).isEqualTo(completedTask);
        assertThat(debug.path("lines").isArray()).isTrue();
        JsonNode last = JSON.readTree(
                debug.path("lines").get(debug.path("lines").size() - 1).asText());
        assertThat(last.path("type").asText()).isEqualTo("result");
        assertThat(last.path("result").asText()).isEqualTo(ANSWER);
    }

    @Test
    @Order(3)
    void historyPrintsEachAgentsPageOrTheOneAgentsPage() throws IOException {
        JsonNode merged = document(fixture.cli().run("history", "--json"));
        JsonNode one =
                document(fixture.cli().run("history", "--agent", fixture.url().toString(), "--json"));

        assertThat(merged.isArray()).isTrue();
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).path("agent").asText()).isEqualTo(fixture.url().toString());
        assertThat(merged.get(0).path("history")).isEqualTo(one);
        assertThat(one.path("page").asInt()).isEqualTo(1);
        assertThat(one.path("limit").asInt()).isEqualTo(20);
        assertThat(one.path("total").asInt()).isEqualTo(1);
        assertThat(one.path("total_pages").asInt()).isEqualTo(1);
        assertThat(one.path("entries").get(0).path("task_id").asText()).isEqualTo(completedTask);
    }

    @Test
    @Order(4)
    void discoverPrintsEachComponentWithItsHealthAndStatus() throws IOException {
        JsonNode found = document(fixture.cli().run("discover", "--json"));

        assertThat(found.isArray()).isTrue();
        assertThat(found).hasSize(1);
        JsonNode agent = found.get(0);
        assertThat(agent.path("url").asText()).isEqualTo(fixture.url().toString());
        assertThat(agent.path("health").asText()).isEqualTo("ok");
        assertThat(agent.path("status").path("type").asText()).isEqualTo("agent");
        assertThat(agent.path("status").path("name").asText()).isEqualTo("agent-" + fixture.port());
        assertThat(agent.path("status").path("state").asText()).isEqualTo("idle");
    }

    @Test
    @Order(5)
    void tlsExportAndImportPrintWhatTheyDid() throws IOException {
        Path exported = dir.resolve("fleet-ca.pem");
        CliRunner other = new CliRunner(Files.createDirectories(dir.resolve("other-machine")));

        JsonNode export = document(fixture.cli().run("tls", "export", exported.toString(), "--json"));
        JsonNode firstImport = document(other.run("tls", "import", exported.toString(), "--json"));
        JsonNode secondImport = document(other.run("tls", "import", exported.toString(), "--json"));

        assertThat(export.path("exported").asText())
                .isEqualTo(exported.toAbsolutePath().toString());
        assertThat(Files.readString(exported)).contains("BEGIN CERTIFICATE");
        assertThat(firstImport.path("imported")).hasSize(1);
        assertThat(firstImport.path("imported").get(0).asText()).startsWith("CN=Agency local CA");
        assertThat(secondImport.path("imported").isArray()).isTrue();
        assertThat(secondImport.path("imported")).isEmpty();
    }

    @Test
    @Order(6)
    void cancelPrintsTheCancelledTask() throws IOException {
        String hanging = fixture.cli().run("task", "this hangs").out().strip();
        fixture.awaitState("working");

        JsonNode task = document(fixture.cli().run("cancel", hanging, "--json"));

        assertThat(task.path("task_id").asText()).isEqualTo(hanging);
        assertThat(task.path("state").asText()).isEqualTo("cancelled");
        assertThat(task.path("error").path("type").asText()).isEqualTo("cancelled");
    }

    @Test
    @Order(7)
    void fleetShutdownPrintsEachComponentsAnswer() throws IOException {
        JsonNode answers = document(fixture.cli().run("fleet", "shutdown", "--timeout", "5s", "--json"));

        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(1);
        JsonNode answer = answers.get(0);
        assertThat(answer.path("url").asText()).isEqualTo(fixture.url().toString());
        assertThat(answer.has("error")).isFalse();
        assertThat(answer.path("accepted").path("state").asText()).isEqualTo("draining");
        assertThat(answer.path("accepted").path("force").asBoolean()).isFalse();
        assertThat(answer.path("accepted").path("timeout_seconds").asInt()).isEqualTo(5);
        assertThat(fixture.agent.awaitExit(Duration.ofSeconds(30))).isZero();
    }

    /** The one JSON document a successful command printed, on one line. */
    private static JsonNode document(CliResult result) throws IOException {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).as(result.toString()).hasSize(1);
        return JSON.readTree(result.out());
    }
}
