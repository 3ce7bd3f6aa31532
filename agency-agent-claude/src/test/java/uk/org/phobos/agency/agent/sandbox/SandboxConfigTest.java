package uk.org.phobos.agency.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.agent.AgentConfig;
import uk.org.phobos.agency.core.config.ConfigException;
import uk.org.phobos.agency.core.config.YamlConfigLoader;
import uk.org.phobos.agency.sandbox.SandboxMode;

/** The {@code sandbox:} section of the agent's config file. */
class SandboxConfigTest {
    private final YamlConfigLoader loader = new YamlConfigLoader();

    @Test
    void theSectionReadsModeAndPaths() {
        AgentConfig config = parse("""
                sandbox:
                  mode: auto
                  read_only: [/opt/data]
                  read_write: [/srv/cache]
                  hidden: [/home/ann/.config/secrets]
                """);

        assertThat(config.sandbox())
                .isEqualTo(new SandboxConfig(
                        SandboxMode.AUTO,
                        List.of(Path.of("/opt/data")),
                        List.of(Path.of("/srv/cache")),
                        List.of(Path.of("/home/ann/.config/secrets"))));
        assertThat(config.sandbox().shown(SandboxMode.AUTO))
                .containsEntry("mode", "auto")
                .containsEntry("read_write", List.of("/srv/cache"));
    }

    @Test
    void withoutTheSectionNothingIsAdded() {
        assertThat(parse("model: opus\n").sandbox()).isEqualTo(SandboxConfig.EMPTY);
        assertThat(SandboxConfig.EMPTY.readOnly()).isEmpty();
    }

    @Test
    void aWrongModeOrKeyNamesTheField() {
        assertThatThrownBy(() -> parse("sandbox:\n  mode: sometimes\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sandbox.mode");
        assertThatThrownBy(() -> parse("sandbox:\n  read_wirte: [/x]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("read_wirte");
    }

    private AgentConfig parse(String yaml) {
        return loader.parse(Path.of("agent.yaml"), yaml.getBytes(StandardCharsets.UTF_8), AgentConfig.class);
    }
}
