package uk.org.phobos.agency.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.scheduler.InProcessScheduler.Reply;

/** The REST API over real HTTPS: CRUD, bad input (every error names its field), file jobs, config, status. */
class SchedulerRestIT {
    private static final String NIGHTLY = """
            {"name": "nightly", "schedule": "30 2 * * *", "time_zone": "Europe/London", "prompt": "tidy up"}""";

    @TempDir
    Path root;

    private InProcessScheduler scheduler;
    private Path jobsFile;

    @BeforeEach
    void start() throws Exception {
        jobsFile = root.resolve("jobs.yaml");
        Files.writeString(jobsFile, "jobs:\n  - {name: from-file, schedule: '@weekly', prompt: clean}\n");
        scheduler = new InProcessScheduler(
                root,
                config -> new SchedulerConfig(
                        jobsFile,
                        null,
                        null,
                        null,
                        config.watchInterval(),
                        config.backoff(),
                        config.giveUpAfter(),
                        config.workers(),
                        config.clock(),
                        config.hostZone()));
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void createListGetChangeAndDeleteAJob() {
        Reply created = scheduler.post("/jobs", NIGHTLY);

        assertThat(created.status()).isEqualTo(201);
        JsonNode job = created.body();
        assertThat(job.get("name").asText()).isEqualTo("nightly");
        assertThat(job.get("origin").asText()).isEqualTo("api");
        assertThat(job.get("paused").asBoolean()).isFalse();
        assertThat(job.get("overlap").asText()).isEqualTo("skip");
        assertThat(job.get("catch_up").asText()).isEqualTo("once");
        assertThat(job.get("enabled").asBoolean()).isTrue();
        assertThat(job.get("next_run_at").asText()).endsWith("Z");
        assertThat(job.has("last_run")).isFalse();

        JsonNode list = scheduler.get("/jobs").body().get("jobs");
        assertThat(names(list)).containsExactly("from-file", "nightly");
        assertThat(list.get(0).get("origin").asText()).isEqualTo("file");

        Reply changed = scheduler.put("/jobs/nightly", """
                {"schedule": "@hourly", "prompt": "tidy up more", "overlap": "queue"}""");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("schedule").asText()).isEqualTo("@hourly");
        assertThat(scheduler.get("/jobs/nightly").body().get("overlap").asText())
                .isEqualTo("queue");

        Reply deleted = scheduler.delete("/jobs/nightly");
        assertThat(deleted.status()).isEqualTo(200);
        assertError(scheduler.get("/jobs/nightly"), 404, "not_found");
    }

    @Test
    void pauseAndResume() {
        scheduler.post("/jobs", NIGHTLY);

        JsonNode paused = scheduler.post("/jobs/nightly/pause", "").body();
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.has("next_run_at")).isFalse();

        JsonNode resumed = scheduler.post("/jobs/nightly/resume", "").body();
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(resumed.get("next_run_at").asText()).endsWith("Z");
    }

    @Test
    void aRunWithNowhereToGoIsRecordedAsAnError() {
        scheduler.post("/jobs", NIGHTLY);

        Reply run = scheduler.post("/jobs/nightly/run", "");

        assertThat(run.status()).isEqualTo(202);
        assertThat(run.body().get("trigger").asText()).isEqualTo("manual");
        JsonNode latest = scheduler.awaitLatestRun(
                "nightly", r -> r.get("status").asText().equals("done"));
        assertThat(latest.get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(latest.get("error").asText()).contains("nowhere to send the task");
        assertThat(scheduler
                        .get("/jobs/nightly")
                        .body()
                        .get("last_run")
                        .get("outcome")
                        .asText())
                .isEqualTo("skipped_error");
    }

    @Test
    void unknownJobsAre404Everywhere() {
        assertError(scheduler.get("/jobs/nope"), 404, "not_found");
        assertError(scheduler.put("/jobs/nope", NIGHTLY.replace("nightly", "nope")), 404, "not_found");
        assertError(scheduler.delete("/jobs/nope"), 404, "not_found");
        assertError(scheduler.post("/jobs/nope/run", ""), 404, "not_found");
        assertError(scheduler.post("/jobs/nope/pause", ""), 404, "not_found");
        assertError(scheduler.post("/jobs/nope/resume", ""), 404, "not_found");
        assertError(scheduler.get("/jobs/nope/runs"), 404, "not_found");
    }

    @Test
    void anExistingNameIs409() {
        scheduler.post("/jobs", NIGHTLY);

        assertError(scheduler.post("/jobs", NIGHTLY), 409, "already_exists");
        Reply fileName = scheduler.post("/jobs", NIGHTLY.replace("nightly", "from-file"));
        assertError(fileName, 409, "already_exists");
        assertThat(fileName.body().get("message").asText()).contains(jobsFile.toString());
    }

    @Test
    void fileJobsCannotBeChangedOrDeletedThroughTheApi() {
        Reply put = scheduler.put("/jobs/from-file", "{\"schedule\": \"@daily\", \"prompt\": \"x\"}");
        Reply delete = scheduler.delete("/jobs/from-file");

        assertError(put, 403, "forbidden");
        assertThat(put.body().get("message").asText()).contains("edit that file");
        assertError(delete, 403, "forbidden");
        assertThat(scheduler.post("/jobs/from-file/pause", "").status()).isEqualTo(200);
    }

    @Test
    void eachBadFieldIsNamed() {
        record Case(String body, String field, String message) {}
        List<Case> cases = List.of(
                new Case("{\"schedule\": \"@daily\", \"prompt\": \"p\"}", "name", "name: is required"),
                new Case(
                        "{\"name\": \"a b\", \"schedule\": \"@daily\", \"prompt\": \"p\"}", "name", "name: must match"),
                new Case("{\"name\": \"a\", \"prompt\": \"p\"}", "schedule", "schedule: is required"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"0 0 31 2 *\", \"prompt\": \"p\"}",
                        "schedule",
                        "can never fire"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"61 * * * *\", \"prompt\": \"p\"}",
                        "schedule",
                        "minute field value 61"),
                new Case("{\"name\": \"a\", \"schedule\": \"@daily\"}", "prompt", "prompt: is required"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"time_zone\": \"Nowhere/X\"}",
                        "time_zone",
                        "not an IANA time zone"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"overlap\": \"maybe\"}",
                        "overlap",
                        "overlap: must be one of skip, queue, allow"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"catch_up\": \"all\"}",
                        "catch_up",
                        "catch_up: must be one of none, once"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"timeout_seconds\": 0}",
                        "timeout_seconds",
                        "timeout_seconds: must be between 1"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"timeout_seconds\": \"soon\"}",
                        "timeout_seconds",
                        "timeout_seconds: has the wrong type"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"agent_url\": \"http://x\"}",
                        "agent_url",
                        "agent_url: must be an agent's base URL"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"model\": \"no way\"}",
                        "model",
                        "model: must be a model name"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"enabled\": \"yes\"}",
                        "enabled",
                        "enabled: has the wrong type"),
                new Case(
                        "{\"name\": \"a\", \"schedule\": \"@daily\", \"prompt\": \"p\", \"overlaps\": \"skip\"}",
                        "overlaps",
                        "overlaps: unknown field"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Reply reply = scheduler.post("/jobs", c.body());
            boolean ok = reply.status() == 400
                    && reply.body().get("error").asText().equals("validation_error")
                    && reply.body().get("message").asText().contains(c.message())
                    && reply.body().get("fields").toString().contains("\"" + c.field() + "\"");
            if (!ok) {
                failures.add(c.body() + " -> " + reply.status() + " " + reply.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(names(scheduler.get("/jobs").body().get("jobs"))).containsExactly("from-file");
    }

    @Test
    void severalBadFieldsAreNamedTogether() {
        Reply reply = scheduler.post("/jobs", "{\"name\": \"a\", \"schedule\": \"nope\", \"prompt\": \"\"}");

        assertError(reply, 400, "validation_error");
        assertThat(reply.body().get("fields").toString()).isEqualTo("[\"schedule\",\"prompt\"]");
    }

    @Test
    void malformedJsonAndRenamesAreRefused() {
        assertError(scheduler.post("/jobs", "{\"name\": "), 400, "validation_error");
        scheduler.post("/jobs", NIGHTLY);
        Reply rename = scheduler.put("/jobs/nightly", NIGHTLY.replace("\"nightly\"", "\"other\""));
        assertError(rename, 400, "validation_error");
        assertThat(rename.body().get("message").asText()).startsWith("name: a job cannot be renamed");
    }

    @Test
    void configIsReadAndReplacedWhole() {
        assertThat(scheduler.get("/config").body().get("history_limit").asInt()).isEqualTo(50);

        Reply bad = scheduler.put("/config", "{\"history_limit\": 0, \"web_url\": \"ftp://x\"}");
        assertError(bad, 400, "validation_error");
        assertThat(bad.body().get("fields").toString()).isEqualTo("[\"history_limit\",\"web_url\"]");
        assertThat(scheduler.get("/config").body().get("history_limit").asInt()).isEqualTo(50);

        Reply good = scheduler.put("/config", "{\"history_limit\": 5, \"agent_url\": \"https://127.0.0.1:9000\"}");
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.body().get("agent_url").asText()).isEqualTo("https://127.0.0.1:9000");
        assertThat(root.resolve("scheduler/settings.json")).content().contains("\"history_limit\" : 5");
        JsonNode status = scheduler.get("/status").body();
        assertThat(status.get("config").get("history_limit").asInt()).isEqualTo(5);
        assertThat(status.get("config").get("agent_url").asText()).isEqualTo("https://127.0.0.1:9000");
    }

    @Test
    void statusDescribesTheScheduler() {
        JsonNode status = scheduler.get("/status").body();

        assertThat(status.get("type").asText()).isEqualTo("helper");
        assertThat(status.get("interfaces").toString()).isEqualTo("[\"statusable\",\"observable\",\"configurable\"]");
        assertThat(status.get("state").asText()).isEqualTo("idle");
        assertThat(status.get("config").get("jobs_file").asText()).isEqualTo(jobsFile.toString());
        assertThat(status.get("config").get("job_count").asInt()).isEqualTo(1);
        assertThat(status.get("config").has("web_url")).isTrue();
        assertThat(status.get("config_error").isNull()).isTrue();
    }

    private static List<String> names(JsonNode jobs) {
        List<String> names = new ArrayList<>();
        jobs.forEach(job -> names.add(job.get("name").asText()));
        return names;
    }

    private static void assertError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.body().get("error").asText()).isEqualTo(code);
    }
}
