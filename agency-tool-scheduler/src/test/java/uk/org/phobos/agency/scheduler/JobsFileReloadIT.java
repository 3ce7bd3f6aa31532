package uk.org.phobos.agency.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.Deadline;

/** The jobs file is watched: valid changes apply, keeping run state; an invalid file changes nothing and shows in /status. */
class JobsFileReloadIT {
    @TempDir
    Path root;

    private Path jobsFile;
    private InProcessScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        jobsFile = root.resolve("jobs.yaml");
        write("jobs:\n  - {name: a, schedule: '@daily', prompt: first}\n");
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
                                config.hostZone())
                        .withWatchInterval(Duration.ofMillis(25)));
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void aValidChangeIsAppliedAndKeepsRunStateByName() throws Exception {
        scheduler.post("/jobs/a/run", "");
        scheduler.post("/jobs/a/pause", "");

        write(
                "jobs:\n  - {name: a, schedule: '@daily', prompt: second}\n  - {name: b, schedule: '@hourly', prompt: new}\n");

        Deadline.after(Duration.ofSeconds(10)).await("job b to appear", () -> names().contains("b"));
        JsonNode a = scheduler.get("/jobs/a").body();
        assertThat(a.get("prompt").asText()).isEqualTo("second");
        assertThat(a.get("paused").asBoolean()).isTrue();
        assertThat(a.get("last_run").get("outcome").asText()).isEqualTo("skipped_error");
        assertThat(scheduler.get("/jobs/a/runs").body().get("runs").size()).isEqualTo(1);
        assertThat(scheduler
                        .get("/status")
                        .body()
                        .get("config")
                        .get("job_count")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void anInvalidFileChangesNothingAndIsReportedUntilFixed() throws Exception {
        write("""
                jobs:
                  - {name: a, schedule: '@daily', prompt: first}
                  - name: b
                    schedule: '0 0 31 2 *'
                    prompt: never
                """);

        Deadline.after(Duration.ofSeconds(10))
                .await(
                        "the error in /status",
                        () -> !scheduler
                                .get("/status")
                                .body()
                                .get("config_error")
                                .isNull());
        JsonNode error = scheduler.get("/status").body().get("config_error");
        assertThat(error.get("file").asText()).isEqualTo(jobsFile.toString());
        assertThat(error.get("line").asInt()).isEqualTo(4);
        assertThat(error.get("field").asText()).isEqualTo("jobs[1].schedule");
        assertThat(error.get("message").asText()).contains("can never fire");
        assertThat(names()).containsExactly("a");
        assertThat(scheduler.get("/jobs/a").body().get("prompt").asText()).isEqualTo("first");

        write("jobs:\n  - {name: c, schedule: '@daily', prompt: fixed}\n");

        // The jobs are replaced a moment before the error is cleared: wait for both.
        Deadline.after(Duration.ofSeconds(10))
                .await(
                        "the fixed file to apply and its error to clear",
                        () -> names().equals(List.of("c"))
                                && scheduler
                                        .get("/status")
                                        .body()
                                        .get("config_error")
                                        .isNull());
    }

    @Test
    void aFileJobTakingTheNameOfASavedApiJobIsReportedAtStart() throws Exception {
        assertThat(scheduler
                        .post("/jobs", "{\"name\": \"mine\", \"schedule\": \"@daily\", \"prompt\": \"api\"}")
                        .status())
                .isEqualTo(201);
        scheduler.close();
        write("jobs:\n  - {name: mine, schedule: '@hourly', prompt: file}\n");

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

        JsonNode error = scheduler.get("/status").body().get("config_error");
        assertThat(error.get("field").asText()).isEqualTo("jobs[0].name");
        assertThat(error.get("message").asText()).contains("already a job created through the API");
        JsonNode mine = scheduler.get("/jobs/mine").body();
        assertThat(mine.get("origin").asText()).isEqualTo("api");
        assertThat(mine.get("prompt").asText()).isEqualTo("api");
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        scheduler
                .get("/jobs")
                .body()
                .get("jobs")
                .forEach(job -> names.add(job.get("name").asText()));
        return names;
    }

    private void write(String yaml) throws Exception {
        Path temp = root.resolve("jobs.yaml.tmp");
        Files.writeString(temp, yaml);
        Files.move(temp, jobsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
