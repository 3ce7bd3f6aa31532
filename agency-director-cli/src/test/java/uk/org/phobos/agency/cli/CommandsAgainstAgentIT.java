package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.fakeclaude.FakeInvocation;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;

/** {@code ag}'s commands, black-box, against the real agent jar whose fake CLI lists a folder and answers. */
class CommandsAgainstAgentIT {
    private static final String ANSWER = "All done: listed the folder.";

    @TempDir
    static Path dir;

    static AgentFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = AgentFixture.start(
                dir,
                FakeRun.create()
                        .init()
                        .text("Let me look.")
                        .bash("toolu_1", "ls -la")
                        .toolResult("toolu_1", "total 0", false)
                        .success(ANSWER));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void taskWaitPrintsTheAnswerAndExitsZero() {
        CliResult result = fixture.cli()
                .run("task", "list the folder", "--agent", fixture.url().toString(), "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(ANSWER + "\n");
    }

    @Test
    void taskWithoutAgentGoesToTheIdleAgentDiscoveryFinds() {
        CliResult result = fixture.cli().run("task", "list it again", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(ANSWER);
    }

    @Test
    void followShowsTheToolCallTextAndOutcome() {
        CliResult result = fixture.cli().run("task", "list the folder", "--follow");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("→ Bash  ls -la")
                .contains("✓ total 0")
                .contains("Let me look.")
                .contains(ANSWER)
                .contains("✓ completed");
        assertThat(result.out().indexOf("→ Bash")).isLessThan(result.out().indexOf(ANSWER));
    }

    @Test
    void followWithJsonPrintsOneEventPerLineThenTheTask() {
        CliResult result = fixture.cli().run("task", "list", "--follow", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).anyMatch(line -> line.contains("\"event\":\"tool_call\"") && line.contains("\"Bash\""));
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"task_id\":").contains("\"state\":\"completed\"");
    }

    @Test
    void withoutWaitItPrintsTheTaskIdAtOnce() {
        CliResult result = fixture.cli().run("task", "quick one");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String taskId = result.out().strip();
        assertThat(result.err()).contains("ag show " + taskId);
        Task task = fixture.awaitEnd(taskId);
        assertThat(task.prompt()).isEqualTo("quick one");
        assertThat(task.source().wireName()).isEqualTo("cli");
    }

    @Test
    void thePromptComesFromStdinOrAFile() throws Exception {
        CliResult fromStdin = fixture.cli().runWithStdin("prompt from stdin\n", "task", "-", "--wait", "--json");
        Path file = Files.writeString(dir.resolve("prompt.md"), "prompt from a file\n");
        CliResult fromFile = fixture.cli().run("task", "-f", file.toString(), "--wait", "--json");

        assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();
        assertThat(fromStdin.out()).contains("\"prompt\":\"prompt from stdin\"");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out()).contains("\"prompt\":\"prompt from a file\"");
    }

    @Test
    void optionsReachTheAgentAndTheCli() {
        CliResult result = fixture.cli()
                .run(
                        "task",
                        "with options",
                        "--model",
                        "opus",
                        "--env",
                        "FOO=bar",
                        "--timeout",
                        "5m",
                        "--max-turns",
                        "3",
                        "--wait",
                        "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("\"model\":\"opus\"");
        FakeInvocation last = lastInvocation();
        assertThat(last.option("--model")).contains("opus");
        assertThat(last.option("--max-turns")).contains("3");
        assertThat(last.env()).containsEntry("FOO", "bar");
        // The agent shows no task's time limit: OutcomesIT sees a short --timeout end a task.
    }

    @Test
    void sessionContinuesOnTheAgentHoldingIt() {
        CliResult first = fixture.cli().run("task", "remember PINEAPPLE", "--wait", "--json");
        String session = between(first.out(), "\"session_id\":\"", "\"");

        CliResult second = fixture.cli().run("task", "which word?", "--session", session, "--wait", "--json");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("\"session_id\":\"" + session + "\"");
        assertThat(lastInvocation().args()).contains("--resume");
    }

    @Test
    void anUnknownSessionSaysSoAndHowToStartOne() {
        CliResult result = fixture.cli().run("task", "x", "--session", "never-seen", "--wait");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No agent knows session never-seen").contains("--new-session");
    }

    @Test
    void showLogsAndHistoryFindTheTaskWithoutBeingToldTheAgent() {
        String taskId = fixture.cli().run("task", "for show").out().strip();
        fixture.awaitEnd(taskId);

        CliResult show = fixture.cli().run("show", taskId);
        CliResult logs = fixture.cli().run("logs", taskId);
        CliResult history = fixture.cli().run("history");

        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out())
                .contains("task " + taskId)
                .contains("completed")
                .contains("for show")
                .contains("→ Bash")
                .contains(ANSWER)
                .contains("tokens");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).contains("\"type\":\"result\"");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains(taskId).contains("for show");
    }

    @Test
    void anUnknownTaskIdSaysWhoWasAsked() {
        CliResult show = fixture.cli().run("show", "no-such-task");
        CliResult cancel = fixture.cli().run("cancel", "no-such-task");

        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.err())
                .startsWith("ag: No agent knows task no-such-task")
                .contains("ag history");
        assertThat(show.err().lines()).hasSize(1);
        assertThat(cancel.exitCode()).isEqualTo(1);
    }

    @Test
    void cancelAndLogsOfAnUnknownIdSayWhatToDoInOneLine() {
        String agent = fixture.url().toString();

        CliResult cancel = fixture.cli().run("cancel", "no-such-task");
        CliResult logs = fixture.cli().run("logs", "no-such-task");
        CliResult cancelThere = fixture.cli().run("cancel", "no-such-task", "--agent", agent);
        CliResult logsThere = fixture.cli().run("logs", "no-such-task", "--agent", agent);
        CliResult showThere = fixture.cli().run("show", "no-such-task", "--agent", agent);

        for (CliResult asked : List.of(cancel, logs)) {
            assertThat(asked.exitCode()).as(asked.toString()).isEqualTo(1);
            assertThat(asked.out()).isEmpty();
            assertThat(asked.err().lines()).as(asked.toString()).hasSize(1);
            assertThat(asked.err())
                    .startsWith("ag: No agent knows task no-such-task (asked agent-" + fixture.port() + " at " + agent)
                    .contains("Check the id with `ag history`")
                    .contains("--agent URL");
        }
        for (CliResult named : List.of(cancelThere, logsThere, showThere)) {
            assertThat(named.exitCode()).as(named.toString()).isEqualTo(1);
            assertThat(named.out()).isEmpty();
            assertThat(named.err().lines()).as(named.toString()).hasSize(1);
            assertThat(named.err())
                    .startsWith("ag: " + agent + " does not know task no-such-task (")
                    .contains("Check the id with `ag history`")
                    .contains("leave out --agent");
        }
    }

    @Test
    void historyPagesThroughTheAgentsTasks() throws Exception {
        String older = fixture.cli().run("task", "older task").out().strip();
        fixture.awaitEnd(older);
        String newer = fixture.cli().run("task", "newer task").out().strip();
        fixture.awaitEnd(newer);

        CliResult first = fixture.cli().run("history", "--page", "1", "--limit", "1", "--json");
        CliResult second = fixture.cli().run("history", "--page", "2", "--limit", "1", "--json");
        CliResult secondAsText = fixture.cli().run("history", "--page", "2", "--limit", "1");
        CliResult beyond = fixture.cli().run("history", "--page", "0");

        ObjectMapper json = new ObjectMapper();
        JsonNode firstPage = json.readTree(first.out()).get(0).path("history");
        JsonNode secondPage = json.readTree(second.out()).get(0).path("history");
        assertThat(firstPage.path("entries").get(0).path("task_id").asText()).isEqualTo(newer);
        assertThat(secondPage.path("page").asInt()).isEqualTo(2);
        assertThat(secondPage.path("limit").asInt()).isEqualTo(1);
        assertThat(secondPage.path("entries")).hasSize(1);
        assertThat(secondPage.path("entries").get(0).path("task_id").asText()).isEqualTo(older);
        assertThat(secondPage.path("total_pages").asInt())
                .isEqualTo(secondPage.path("total").asInt());
        assertThat(secondAsText.exitCode()).as(secondAsText.toString()).isZero();
        assertThat(secondAsText.out()).contains(older).contains("older task").doesNotContain(newer);
        assertThat(secondAsText.err())
                .startsWith("page 2 of " + secondPage.path("total_pages").asInt() + " · ");
        assertThat(beyond.exitCode()).isEqualTo(2);
        assertThat(beyond.err()).contains("--page must be 1 or more");
    }

    @Test
    void cancellingAnEndedTaskSaysItHadEnded() {
        String taskId = fixture.cli().run("task", "ends quickly").out().strip();
        fixture.awaitEnd(taskId);

        CliResult result = fixture.cli().run("cancel", taskId);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("had already ended (completed)");
    }

    @Test
    void statusAndDiscoverShowTheAgent() {
        CliResult status = fixture.cli().run("status", fixture.url().toString());
        CliResult byPort = fixture.cli().run("status", Integer.toString(fixture.port()), "--json");
        CliResult discover = fixture.cli().run("discover");
        CliResult all = fixture.cli().run("status");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("agent-" + fixture.port()).contains("runner   claude");
        assertThat(status.out())
                .as("nested config objects read as {name=value}, not as Java objects")
                .contains("sandbox={mode=")
                .doesNotContain("JsonObject");
        assertThat(byPort.out()).startsWith("{\"type\":\"agent\"");
        assertThat(discover.exitCode()).as(discover.toString()).isZero();
        assertThat(discover.out())
                .contains("URL")
                .contains(fixture.url().toString())
                .contains("agent-" + fixture.port())
                .contains("ok");
        assertThat(all.out()).contains(fixture.url().toString());
    }

    @Test
    void aWrongTokenIsRefusedInOneLineThatSaysWhatToDo() {
        CliResult result = fixture.cli().env("AGENCY_TOKEN", "not-the-token").run("history");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains("refused the fleet token").contains("AGENCY_TOKEN");
    }

    @Test
    void anUnreachableAgentExitsThreeWithoutAStackTrace() {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it

        CliResult task = fixture.cli().run("task", "x", "--agent", "https://127.0.0.1:" + closed, "--wait");
        CliResult nobody = fixture.cli().discoveryRange(closed, closed).run("task", "x");

        assertThat(task.exitCode()).isEqualTo(3);
        assertThat(task.err())
                .contains("cannot reach https://127.0.0.1:" + closed)
                .doesNotContain("Exception");
        assertThat(task.err().lines()).hasSize(1);
        assertThat(nobody.exitCode()).isEqualTo(3);
        assertThat(nobody.err()).contains("No Agency agent answered on 127.0.0.1:" + closed);
    }

    @Test
    void verboseAddsTheStackTrace() {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it

        CliResult result = fixture.cli().run("status", "https://127.0.0.1:" + closed, "--verbose");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("ComponentUnreachableException").contains("at uk.org.phobos");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(fixture.cli().run("task", "x", "--wait", "--follow").exitCode())
                .isEqualTo(2);
        assertThat(fixture.cli().run("task", "x", "--timeout", "soon").exitCode())
                .isEqualTo(2);
        assertThat(fixture.cli().run("status", "http://127.0.0.1:9000").exitCode())
                .isEqualTo(2);
        assertThat(fixture.cli()
                        .run("task", "-f", dir.resolve("missing.md").toString())
                        .exitCode())
                .isEqualTo(2);
        CliResult unknown = fixture.cli().run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate").contains("--help");
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        CliResult root = fixture.cli().run("--help");
        CliResult task = fixture.cli().run("task", "--help");

        assertThat(root.exitCode()).isZero();
        assertThat(root.out())
                .contains("Examples:")
                .contains("Exit codes:")
                .contains("130")
                .contains("discover");
        assertThat(task.out())
                .contains("--via-web")
                .contains("--follow")
                .contains("Examples:")
                .contains("4 agent busy");
    }

    @Test
    void aTaskRecordedByTheAgentCarriesTheCliSource() {
        CliResult result = fixture.cli().run("task", "source check", "--wait", "--json");
        String taskId = between(result.out(), "\"task_id\":\"", "\"");

        Task task = fixture.client.task(fixture.url(), taskId);

        assertThat(task.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(task.source().wireName()).isEqualTo("cli");
    }

    @Test
    void tlsExportAndImportLetAnotherMachineReachTheFleet() throws Exception {
        Path exported = dir.resolve("fleet-ca.pem");
        Path otherRoot = Files.createDirectories(dir.resolve("other-machine"));
        CliRunner other = new CliRunner(otherRoot);

        CliResult before = other.run("status", fixture.url().toString());
        CliResult export = fixture.cli().run("tls", "export", exported.toString());
        CliResult firstImport = other.run("tls", "import", exported.toString());
        CliResult secondImport = other.run("tls", "import", exported.toString());
        CliResult after = other.run("status", fixture.url().toString());

        assertThat(before.exitCode()).isEqualTo(3);
        assertThat(before.err()).contains("No Agency CA in");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(Files.readString(exported)).contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");
        assertThat(firstImport.exitCode()).as(firstImport.toString()).isZero();
        assertThat(firstImport.out()).contains("now trusting");
        assertThat(secondImport.out()).contains("already trusted");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("agent-" + fixture.port());
    }

    @Test
    void tlsImportRefusesAPrivateKey() throws Exception {
        Path key = Files.copy(fixture.root.resolve("tls").resolve("ca-key.pem"), dir.resolve("leaked.pem"));

        CliResult result = new CliRunner(dir.resolve("elsewhere")).run("tls", "import", key.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("holds a private key");
    }

    private static FakeInvocation lastInvocation() {
        List<FakeInvocation> invocations = fixture.claude.invocations();
        return invocations.get(invocations.size() - 1);
    }

    private static String between(String text, String before, String after) {
        int start = text.indexOf(before) + before.length();
        return text.substring(start, text.indexOf(after, start));
    }
}
