package uk.org.phobos.agency.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigLoaderTest {
    record Job(String name, String schedule, Integer timeoutSeconds, boolean enabled) {}

    record Jobs(List<Job> jobs) {}

    private final YamlConfigLoader loader = new YamlConfigLoader();

    @TempDir
    Path dir;

    @Test
    void loadsSnakeCaseYaml() throws Exception {
        Path file = write("""
                jobs:
                  - name: nightly
                    schedule: "@daily"
                    timeout_seconds: 600
                    enabled: true
                """);

        Jobs jobs = loader.load(file, Jobs.class);

        assertThat(jobs.jobs()).containsExactly(new Job("nightly", "@daily", 600, true));
    }

    @Test
    void unknownKeyNamesFieldAndLine() throws Exception {
        Path file = write("""
                jobs:
                  - name: nightly
                    shedule: "@daily"
                """);

        assertThatThrownBy(() -> loader.load(file, Jobs.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("unknown key 'shedule'")
                .hasMessageContaining("known keys: enabled, name, schedule, timeout_seconds")
                .satisfies(e -> {
                    ConfigException config = (ConfigException) e;
                    assertThat(config.line()).isEqualTo(3);
                    assertThat(config.field()).isEqualTo("jobs[0].shedule");
                });
    }

    @Test
    void wrongTypeNamesFieldAndLine() throws Exception {
        Path file = write("""
                jobs:
                  - name: nightly
                    schedule: "@daily"
                  - name: weekly
                    timeout_seconds: soon
                """);

        assertThatThrownBy(() -> loader.load(file, Jobs.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 5")
                .hasMessageContaining("field 'jobs[1].timeout_seconds'")
                .hasMessageContaining("'soon' is not a valid whole number");
    }

    @Test
    void brokenYamlNamesLine() throws Exception {
        Path file = write("jobs:\n  - name: \"unterminated\n    schedule: x\n");

        assertThatThrownBy(() -> loader.load(file, Jobs.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining(file.toString());
    }

    @Test
    void syntaxErrorNamesTheLineItIsOn() throws Exception {
        Path file = write("jobs:\n  - name: a\n\tschedule: x\n");

        assertThatThrownBy(() -> loader.load(file, Jobs.class))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining(file + ", line 3: not valid YAML");
    }

    @Test
    void fieldErrorFoundAfterLoadingNamesFieldAndLine() throws Exception {
        String yaml = """
                jobs:
                  - name: nightly
                    schedule: "@daily"
                  - name: broken
                    schedule: "0 0 31 2 *"
                """;

        ConfigException e = loader.fieldError(
                dir.resolve("jobs.yaml"),
                yaml.getBytes(StandardCharsets.UTF_8),
                List.of("jobs", 1, "schedule"),
                "can never fire");

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("jobs[1].schedule");
        assertThat(e).hasMessageEndingWith("jobs.yaml, line 5, field 'jobs[1].schedule': can never fire");
    }

    @Test
    void missingFileIsClear() {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Jobs.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("nope.yaml: no such file");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }
}
