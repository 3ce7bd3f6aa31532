package uk.org.phobos.agency.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.ConfigException;

/** Loading and watching the YAML jobs file; the watcher is driven by calling {@code check()}, never by waiting. */
class JobsFileTest {
    @TempDir
    Path dir;

    private final JobsFileLoader loader = new JobsFileLoader(new JobValidator(ZoneOffset.UTC));

    @Test
    void loadsJobs() throws Exception {
        Path file = write("""
                jobs:
                  - name: nightly
                    schedule: "30 2 * * *"
                    prompt: tidy up
                    workspace: repo
                  - name: weekly
                    schedule: "@weekly"
                    prompt: clean
                    overlap: queue
                """);

        List<Job> jobs = loader.parse(file, loader.read(file), Set::of);

        assertThat(jobs).extracting(Job::name).containsExactly("nightly", "weekly");
        assertThat(jobs.get(1).overlap()).isEqualTo(Overlap.QUEUE);
    }

    @Test
    void aBadValueNamesTheFileTheLineAndTheField() throws Exception {
        Path file = write("""
                jobs:
                  - name: ok
                    schedule: "@daily"
                    prompt: p
                  - name: broken
                    prompt: p
                    schedule: "0 0 30 2 *"
                """);

        assertThatThrownBy(() -> loader.parse(file, loader.read(file), Set::of))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.field()).isEqualTo("jobs[1].schedule");
                })
                .hasMessageContaining("can never fire");
    }

    @Test
    void anUnknownKeyIsAnError() throws Exception {
        Path file = write("jobs:\n  - name: a\n    schedule: '@daily'\n    prompt: p\n    overlaps: queue\n");

        assertThatThrownBy(() -> loader.parse(file, loader.read(file), Set::of))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.field()).isEqualTo("jobs[0].overlaps");
                });
    }

    @Test
    void duplicateNamesAndNamesTakenByTheApiAreErrors() throws Exception {
        Path file = write(
                "jobs:\n  - {name: a, schedule: '@daily', prompt: p}\n  - {name: a, schedule: '@daily', prompt: q}\n");
        assertThatThrownBy(() -> loader.parse(file, loader.read(file), Set::of))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("jobs[1].name"))
                .hasMessageContaining("already the name of jobs[0]");

        Path other = write("jobs:\n  - {name: b, schedule: '@daily', prompt: p}\n");
        assertThatThrownBy(() -> loader.parse(other, loader.read(other), () -> Set.of("b")))
                .hasMessageContaining("already a job created through the API");
    }

    @Test
    void theWatcherAppliesValidChangesAndKeepsTheOldJobsOnInvalidOnes() throws Exception {
        Path file = write("jobs:\n  - {name: a, schedule: '@daily', prompt: p}\n");
        List<List<String>> applied = new ArrayList<>();
        try (JobsFileWatcher watcher = new JobsFileWatcher(
                file,
                loader,
                Set::of,
                jobs -> applied.add(jobs.stream().map(Job::name).toList()))) {
            assertThat(watcher.loadInitial(Set.of())).extracting(Job::name).containsExactly("a");

            watcher.check();
            assertThat(applied).isEmpty();

            write(
                    "jobs:\n  - {name: a, schedule: '@daily', prompt: p}\n  - {name: b, schedule: '@hourly', prompt: q}\n");
            watcher.check();
            assertThat(applied).containsExactly(List.of("a", "b"));
            assertThat(watcher.problem()).isEmpty();

            write("jobs:\n  - {name: a, schedule: 'every day', prompt: p}\n");
            watcher.check();
            assertThat(applied).hasSize(1);
            assertThat(watcher.problem()).hasValueSatisfying(e -> {
                assertThat(e.field()).isEqualTo("jobs[0].schedule");
                assertThat(e.line()).isEqualTo(2);
            });

            write("jobs: []\n");
            watcher.check();
            assertThat(applied).containsExactly(List.of("a", "b"), List.of());
            assertThat(watcher.problem()).isEmpty();
        }
    }

    @Test
    void aMissingFileAtStartIsReportedAndPickedUpWhenItAppears() throws Exception {
        Path file = dir.resolve("later.yaml");
        List<List<String>> applied = new ArrayList<>();
        try (JobsFileWatcher watcher = new JobsFileWatcher(
                file,
                loader,
                Set::of,
                jobs -> applied.add(jobs.stream().map(Job::name).toList()))) {
            assertThat(watcher.loadInitial(Set.of())).isEmpty();
            assertThat(watcher.problem()).hasValueSatisfying(e -> assertThat(e).hasMessageEndingWith("no such file"));

            Files.writeString(file, "jobs:\n  - {name: a, schedule: '@daily', prompt: p}\n");
            watcher.check();

            assertThat(applied).containsExactly(List.of("a"));
            assertThat(watcher.problem()).isEmpty();
        }
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        // A new file each time (written beside, then moved), as editors do: the watcher sees a new file key.
        Path temp = dir.resolve("jobs.yaml.tmp");
        Files.writeString(temp, yaml, StandardCharsets.UTF_8);
        Files.move(
                temp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
