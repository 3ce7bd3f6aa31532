package uk.org.phobos.agency.scheduler.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.ApiException;

class SettingsValidatorTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final SettingsValidator validator = new SettingsValidator();

    @Test
    void readsAWholeConfig() throws Exception {
        SchedulerSettings settings = validator.read(mapper.readTree(
                "{\"history_limit\": 7, \"web_url\": \"https://127.0.0.1:8444/\", \"agent_url\": null}"));

        assertThat(settings).isEqualTo(new SchedulerSettings(7, URI.create("https://127.0.0.1:8444"), null));
    }

    @Test
    void namesEveryBadField() throws Exception {
        assertThatThrownBy(() -> validator.read(mapper.readTree(
                        "{\"history_limit\": 0, \"web_url\": \"http://x\", \"agent_url\": 3, \"colour\": \"red\"}")))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.error().details())
                                .containsEntry("fields", List.of("colour", "history_limit", "web_url", "agent_url")))
                .hasMessageContaining("history_limit: must be from 1 to 1000, got 0")
                .hasMessageContaining("colour: unknown setting");
    }

    @Test
    void historyLimitIsRequired() throws Exception {
        assertThatThrownBy(() -> validator.read(mapper.readTree("{}")))
                .hasMessageContaining("history_limit: is required");
    }
}
