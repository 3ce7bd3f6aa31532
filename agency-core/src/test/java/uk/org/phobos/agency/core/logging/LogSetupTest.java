package uk.org.phobos.agency.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("uk.org.phobos.agency.agent.task.TaskRunner");

    @Test
    void jsonFormatWritesOneReadableJsonObjectPerLineWithTheTaskIds() throws Exception {
        ILoggingEvent event = event("task {} finished in {} ms", "t-1", 42);

        String line = encode(LogFormat.JSON, event);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo(logger.getName());
        assertThat(json.path("formattedMessage").asText()).isEqualTo("task t-1 finished in 42 ms");
        assertThat(json.path("mdc").path("task_id").asText()).isEqualTo("t-1");
        assertThat(json.path("mdc").path("session_id").asText()).isEqualTo("s-1");
        assertThat(json.has("message"))
                .as("the unformatted template is left out")
                .isFalse();
        assertThat(json.has("arguments")).isFalse();
    }

    @Test
    void textFormatIsOneLineForPeopleWithTheTaskId() {
        String line = encode(LogFormat.TEXT, event("task {} finished", "t-1"));

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\S*TaskRunner \\[t-1\\] - task t-1 finished\\R");
    }

    @Test
    void autoMeansTextOnATerminalAndJsonElsewhere() {
        assertThat(LogFormat.AUTO.resolve(true)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.AUTO.resolve(false)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.JSON.resolve(true)).isEqualTo(LogFormat.JSON);
    }

    @Test
    void levelsAreReadInAnyCaseAndUnknownOnesNamed() {
        assertThat(LogSetup.parseLevel("debug")).isEqualTo(Level.DEBUG);
        assertThatThrownBy(() -> LogSetup.parseLevel("loud"))
                .hasMessageContaining("'loud'")
                .hasMessageContaining("error, warn, info, debug, trace");
    }

    private ILoggingEvent event(String template, Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, template, null, arguments);
        event.setMDCPropertyMap(Map.of("task_id", "t-1", "session_id", "s-1"));
        return event;
    }

    private String encode(LogFormat format, ILoggingEvent event) {
        Encoder<ILoggingEvent> encoder = LogSetup.encoder(context, format);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
