package uk.org.phobos.agency.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.https.FleetWireMock;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * {@code ag jobs ...}, black-box, against the real scheduler jar. The scheduler has neither a web view nor a
 * default agent, so a run of a job that names no agent is {@code skipped_error} ("nowhere to send the task",
 * docs/scheduler.md); a job whose {@code --agent} is a stand-in agent is {@code submitted} and followed to its
 * end.
 */
class JobsCommandsIT {
    @TempDir
    static Path dir;

    static Path root;
    static FleetWireMock agent;
    static ServiceProcess scheduler;
    static AgencyClient client;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("agency"));
        agent = FleetWireMock.start(new AgencyHome(root), "agent-stand-in");
        agent.server()
                .stubFor(post(urlEqualTo("/task"))
                        .willReturn(
                                json(201, "{\"task_id\": \"t-7\", \"session_id\": \"s-7\", \"state\": \"working\"}")));
        agent.server()
                .stubFor(get(urlEqualTo("/task/t-7"))
                        .willReturn(json(200, "{\"task_id\": \"t-7\", \"state\": \"completed\"}")));
        scheduler = ServiceProcess.of(ServiceJar.SCHEDULER)
                .agencyRoot(root)
                .args("--port", Integer.toString(new FreePorts().pick()), "--log-format", "text")
                .start();
        client = scheduler.client();
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    /** A runner with this fleet's root, discovering exactly the scheduler. */
    private static CliRunner cli() {
        int port = scheduler.url().getPort();
        return new CliRunner(root).discoveryRange(port, port);
    }

    @Test
    void addThenListShowsTheJobWithEveryOption() {
        CliResult add = cli().run(
                        "jobs",
                        "add",
                        "nightly",
                        "--schedule",
                        "30 2 * * *",
                        "--time-zone",
                        "Europe/London",
                        "--prompt",
                        "tidy up the repo",
                        "--model",
                        "sonnet",
                        "--timeout",
                        "45m",
                        "--workspace",
                        "repo-main",
                        "--overlap",
                        "queue",
                        "--catch-up",
                        "none");

        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).startsWith("job nightly added: next run 20").contains("Z (in ");
        JsonNode job = client.get(scheduler.url(), "/jobs/nightly", JsonNode.class);
        assertThat(job.get("schedule").asText()).isEqualTo("30 2 * * *");
        assertThat(job.get("time_zone").asText()).isEqualTo("Europe/London");
        assertThat(job.get("prompt").asText()).isEqualTo("tidy up the repo");
        assertThat(job.get("model").asText()).isEqualTo("sonnet");
        assertThat(job.get("timeout_seconds").asInt()).isEqualTo(2700);
        assertThat(job.get("workspace").asText()).isEqualTo("repo-main");
        assertThat(job.get("overlap").asText()).isEqualTo("queue");
        assertThat(job.get("catch_up").asText()).isEqualTo("none");
        assertThat(job.get("enabled").asBoolean()).isTrue();

        CliResult list = cli().run("jobs", "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out())
                .startsWith("NAME")
                .contains("SCHEDULE")
                .contains("NEXT RUN")
                .contains("OUTCOME");
        assertThat(line(list.out(), "nightly"))
                .contains("30 2 * * *")
                .contains("Europe/London")
                .contains("enabled")
                .containsPattern("20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\dZ \\(in ");
    }

    @Test
    void listAndAddWithJsonPrintTheApisJson() {
        CliResult add = cli().run("jobs", "add", "as-json", "--schedule", "@daily", "--prompt", "x", "--json");
        CliResult list = cli().run("jobs", "list", "--json");

        assertThat(add.exitCode()).as(add.toString()).isZero();
        JsonObject created = parse(add.out());
        assertThat(created.string("name")).isEqualTo("as-json");
        assertThat(created.string("origin")).isEqualTo("api");
        assertThat(created.string("next_run_at")).endsWith("Z");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines()).hasSize(1);
        assertThat(parse(list.out()).objects("jobs")).anyMatch(job -> "as-json".equals(job.string("name")));
    }

    @Test
    void thePromptComesFromAFileOrStdin() throws Exception {
        Path file = Files.writeString(dir.resolve("prompt.md"), "prompt from a file\n", StandardCharsets.UTF_8);

        CliResult fromFile = cli().run("jobs", "add", "from-file", "--schedule", "@weekly", "-f", file.toString());
        CliResult fromStdin =
                cli().runWithStdin("prompt from stdin\n", "jobs", "add", "from-stdin", "--schedule", "@weekly");
        CliResult both =
                cli().run("jobs", "add", "both", "--schedule", "@weekly", "--prompt", "x", "-f", file.toString());

        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(client.get(scheduler.url(), "/jobs/from-file", JsonNode.class)
                        .get("prompt")
                        .asText())
                .isEqualTo("prompt from a file");
        assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();
        assertThat(client.get(scheduler.url(), "/jobs/from-stdin", JsonNode.class)
                        .get("prompt")
                        .asText())
                .isEqualTo("prompt from stdin");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void aDisabledJobHasNoNextRun() {
        CliResult add = cli().run("jobs", "add", "by-hand", "--schedule", "@hourly", "--prompt", "x", "--disabled");

        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("job by-hand added: it runs only by hand (`ag jobs run by-hand`)");
        assertThat(client.get(scheduler.url(), "/jobs/by-hand", JsonNode.class)
                        .get("enabled")
                        .asBoolean())
                .isFalse();
        assertThat(line(cli().run("jobs", "list").out(), "by-hand")).contains("disabled");
    }

    @Test
    void pauseShowsPausedAndResumeSchedulesItAgain() {
        add("pausable");

        CliResult pause = cli().run("jobs", "pause", "pausable");

        assertThat(pause.exitCode()).as(pause.toString()).isZero();
        assertThat(pause.out()).contains("job pausable paused");
        JsonNode paused = client.get(scheduler.url(), "/jobs/pausable", JsonNode.class);
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.has("next_run_at")).isFalse();
        assertThat(line(cli().run("jobs", "list").out(), "pausable")).contains("paused");

        CliResult resume = cli().run("jobs", "resume", "pausable", "--json");

        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(parse(resume.out()).bool("paused")).isFalse();
        assertThat(client.get(scheduler.url(), "/jobs/pausable", JsonNode.class)
                        .get("paused")
                        .asBoolean())
                .isFalse();
        assertThat(line(cli().run("jobs", "list").out(), "pausable")).contains("enabled");
    }

    @Test
    void aRunWithNowhereToSendTheTaskIsSkippedErrorAndShowsInRuns() {
        add("nowhere");

        CliResult run = cli().run("jobs", "run", "nowhere");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("ag: job nowhere: run ")
                .contains("skipped_error")
                .contains("nowhere to send the task");
        JsonNode history = client.get(scheduler.url(), "/jobs/nowhere/runs", JsonNode.class);
        assertThat(history.get("runs")).hasSize(1);
        JsonNode recorded = history.get("runs").get(0);
        assertThat(recorded.get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(recorded.get("trigger").asText()).isEqualTo("manual");

        CliResult runs = cli().run("jobs", "runs", "nowhere");
        CliResult list = cli().run("jobs", "list");

        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(runs.out()).startsWith("RUN").contains("SCHEDULED FOR").contains("FINAL STATE");
        assertThat(line(runs.out(), recorded.get("run_id").asText()))
                .contains("skipped_error")
                .contains("nowhere to send the task");
        assertThat(line(list.out(), "nowhere")).contains("ago").contains("skipped_error");
    }

    @Test
    void runWithJsonPrintsTheRunEvenWhenItWasSkipped() {
        add("skipped-json");

        CliResult run = cli().run("jobs", "run", "skipped-json", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonObject printed = parse(run.out());
        assertThat(printed.string("job")).isEqualTo("skipped-json");
        assertThat(printed.string("outcome")).isEqualTo("skipped_error");
        assertThat(run.err()).contains("skipped_error");
    }

    @Test
    void aRunThroughTheJobsAgentIsSubmittedAndFollowedToItsEnd() {
        CliResult add = cli().run(
                        "jobs",
                        "add",
                        "via-agent",
                        "--schedule",
                        "0 4 * * sun",
                        "--prompt",
                        "remove dead code",
                        "--agent",
                        agent.baseUri().toString());
        assertThat(add.exitCode()).as(add.toString()).isZero();

        CliResult run = cli().run("jobs", "run", "via-agent");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("job via-agent: run ")
                .contains("submitted: task t-7 on " + agent.baseUri())
                .contains("ag show t-7");
        Deadline.after(Duration.ofSeconds(30))
                .await(
                        "the run to end",
                        () -> client.get(scheduler.url(), "/jobs/via-agent/runs", JsonNode.class)
                                .at("/runs/0/final_state")
                                .asText()
                                .equals("completed"));

        CliResult runs = cli().run("jobs", "runs", "via-agent");
        CliResult list = cli().run("jobs", "list");

        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(line(runs.out(), "t-7"))
                .contains("submitted")
                .contains(agent.baseUri().getRawAuthority())
                .contains("completed");
        assertThat(line(list.out(), "via-agent")).contains("submitted → completed");
    }

    @Test
    void runsLimitCutsTheTableAndTheJson() {
        add("twice");
        cli().run("jobs", "run", "twice");
        cli().run("jobs", "run", "twice");

        CliResult all = cli().run("jobs", "runs", "twice", "--json");
        CliResult one = cli().run("jobs", "runs", "twice", "--limit", "1", "--json");
        CliResult table = cli().run("jobs", "runs", "twice", "--limit", "1");
        CliResult bad = cli().run("jobs", "runs", "twice", "--limit", "0");

        assertThat(parse(all.out()).objects("runs")).hasSize(2);
        assertThat(parse(one.out()).string("job")).isEqualTo("twice");
        assertThat(parse(one.out()).objects("runs")).hasSize(1);
        assertThat(table.out().lines()).hasSize(2);
        assertThat(table.err()).contains("the newest 1 of 2 runs");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void rmRemovesTheJob() {
        add("short-lived");

        CliResult rm = cli().run("jobs", "rm", "short-lived", "--json");

        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(rm.out().lines()).hasSize(1);
        assertThat(parse(rm.out()).fields()).containsOnly(entry("name", "short-lived"), entry("deleted", true));
        assertThatThrownBy(() -> client.get(scheduler.url(), "/jobs/short-lived", JsonNode.class))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(cli().run("jobs", "list").out()).doesNotContain("short-lived");
    }

    @Test
    void aBadCronExitsTwoNamingTheFieldInOneLine() {
        CliResult result = cli().run("jobs", "add", "never", "--schedule", "0 0 31 2 *", "--prompt", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: the scheduler at " + scheduler.url() + " refused job 'never': schedule: ")
                .contains("can never fire");
        assertThatThrownBy(() -> client.get(scheduler.url(), "/jobs/never", JsonNode.class))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void everyBadFieldIsNamed() {
        CliResult result = cli().run(
                        "jobs",
                        "add",
                        "bad-fields",
                        "--schedule",
                        "@daily",
                        "--prompt",
                        "x",
                        "--overlap",
                        "sometimes",
                        "--time-zone",
                        "Mars/Olympus");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains("overlap: ").contains("time_zone: ");
    }

    @Test
    void aMissingScheduleIsAUsageError() {
        CliResult result = cli().run("jobs", "add", "no-schedule", "--prompt", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--schedule");
    }

    @Test
    void aTakenNameExitsOne() {
        add("taken");

        CliResult again = cli().run("jobs", "add", "taken", "--schedule", "@daily", "--prompt", "x");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).contains("already has a job named 'taken'").contains("ag jobs rm taken");
    }

    @Test
    void anUnknownJobExitsOneSayingSo() {
        for (String command : List.of("run", "pause", "resume", "rm", "runs")) {
            CliResult result = cli().run("jobs", command, "no-such-job");

            assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(1);
            assertThat(result.err().lines()).as(command).hasSize(1);
            assertThat(result.err())
                    .as(command)
                    .isEqualTo("ag: The scheduler at " + scheduler.url()
                            + " has no job named 'no-such-job'. `ag jobs list` lists its jobs.\n");
        }
    }

    @Test
    void schedulerNamedWithTheOptionNeedsNoDiscovery() {
        // CliRunner's own discovery range has nothing listening.
        String url = scheduler.url().toString();
        CliResult add = new CliRunner(root)
                .run("jobs", "add", "named", "--schedule", "@daily", "--prompt", "x", "--scheduler", url);
        CliResult list = new CliRunner(root).run("jobs", "list", "--scheduler", url);

        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("NAME").contains("named");
    }

    @Test
    void noSchedulerReachableExitsThree() {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it

        CliResult discovered =
                new CliRunner(root).discoveryRange(closed, closed).run("jobs", "list");
        CliResult named = cli().run("jobs", "run", "x", "--scheduler", "https://127.0.0.1:" + closed);

        assertThat(discovered.exitCode()).isEqualTo(3);
        assertThat(discovered.err())
                .startsWith("ag: No Agency scheduler answered on 127.0.0.1:" + closed)
                .contains("--scheduler URL");
        assertThat(named.exitCode()).isEqualTo(3);
        assertThat(named.err()).contains("cannot reach https://127.0.0.1:" + closed);
        assertThat(named.err().lines()).hasSize(1);
    }

    @Test
    void everySubcommandsHelpHasAnExample() {
        for (String command : List.of("list", "add", "rm", "run", "pause", "resume", "runs")) {
            CliResult help = cli().run("jobs", command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out())
                    .as(command)
                    .contains("Usage: ag jobs " + command)
                    .contains("--scheduler=URL")
                    .contains("Examples:")
                    .contains("  ag jobs " + command + " ")
                    .contains("Exit codes:");
        }
        CliResult group = cli().run("jobs", "--help");
        assertThat(group.out()).contains("list").contains("runs").contains("Examples:");
        assertThat(cli().run("--help").out()).contains("jobs");
    }

    private static void add(String name) {
        CliResult add = cli().run("jobs", "add", name, "--schedule", "@daily", "--prompt", "do " + name);
        assertThat(add.exitCode()).as(add.toString()).isZero();
    }

    private static JsonObject parse(String json) {
        return new JsonCodec().parseObject(json.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The first line of {@code text} that contains {@code needle}. */
    private static String line(String text, String needle) {
        return text.lines()
                .filter(line -> line.contains(needle))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + needle + "' in:\n" + text));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
