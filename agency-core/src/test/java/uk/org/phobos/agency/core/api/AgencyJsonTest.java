package uk.org.phobos.agency.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgencyJsonTest {
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @Test
    void statusReportPutsDetailsAtTopLevelAndKeepsNullCurrentTask() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("current_task", null);
        details.put("runner", new RunnerInfo("claude", "/usr/bin/claude", "2.1.0"));
        StatusReport report = new StatusReport(
                ComponentType.AGENT,
                "agent-1",
                List.of(ComponentInterface.STATUSABLE, ComponentInterface.TASKABLE),
                "0.1.0",
                "idle",
                Instant.parse("2026-11-25T19:00:00Z"),
                42,
                Map.of("port", 9000),
                details);

        JsonNode json = mapper.valueToTree(report);

        assertThat(json.get("type").asText()).isEqualTo("agent");
        assertThat(json.get("interfaces").toString()).isEqualTo("[\"statusable\",\"taskable\"]");
        assertThat(json.get("started_at").asText()).isEqualTo("2026-11-25T19:00:00Z");
        assertThat(json.get("uptime_seconds").asLong()).isEqualTo(42);
        assertThat(json.has("current_task")).isTrue();
        assertThat(json.get("current_task").isNull()).isTrue();
        assertThat(json.get("runner").get("binary").asText()).isEqualTo("/usr/bin/claude");
        assertThat(json.has("details")).isFalse();

        StatusReport back = mapper.treeToValue(json, StatusReport.class);
        assertThat(back.type()).isEqualTo(ComponentType.AGENT);
        assertThat(back.details()).containsKey("current_task").containsKey("runner");
        assertThat(back.startedAt()).isEqualTo(report.startedAt());
    }

    @Test
    void errorEnvelopeCarriesDetailsAtTopLevel() throws Exception {
        ApiError error = new ApiError(ErrorCode.AGENT_BUSY, "busy", Map.of("current_task", "t-1"));

        String text = mapper.writeValueAsString(error);

        assertThat(text).isEqualTo("{\"error\":\"agent_busy\",\"message\":\"busy\",\"current_task\":\"t-1\"}");
        ApiError back = mapper.readValue(text, ApiError.class);
        assertThat(back).isEqualTo(error);
        assertThat(back.code()).isEqualTo(ErrorCode.AGENT_BUSY);
    }

    @Test
    void taskLeavesAbsentFieldsOutAndReadsSnakeCase() throws Exception {
        Task task = new Task(
                "t-1",
                "s-1",
                TaskState.WORKING,
                "hi",
                null,
                TaskSource.CLI,
                null,
                Instant.parse("2026-11-25T19:00:00Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                List.of(Step.toolCall("Bash", "ls")),
                null);

        JsonNode json = mapper.valueToTree(task);

        assertThat(json.has("completed_at")).isFalse();
        assertThat(json.get("state").asText()).isEqualTo("working");
        assertThat(json.get("source").asText()).isEqualTo("cli");
        assertThat(json.get("steps").get(0).get("type").asText()).isEqualTo("tool_call");
        assertThat(json.get("steps").get(0).get("input_preview").asText()).isEqualTo("ls");
        assertThat(mapper.treeToValue(json, Task.class)).isEqualTo(task);
    }

    @Test
    void unknownFieldsAreIgnoredOnRead() throws Exception {
        TaskRequest request = mapper.readValue(
                "{\"prompt\":\"x\",\"session_id\":\"abc\",\"future_field\":1,\"env\":{\"A\":\"b\"}}",
                TaskRequest.class);

        assertThat(request.prompt()).isEqualTo("x");
        assertThat(request.sessionId()).isEqualTo("abc");
        assertThat(request.env()).containsEntry("A", "b");
    }

    @Test
    void unknownEnumValueIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"prompt\":\"x\",\"source\":\"pigeon\"}", TaskRequest.class))
                .hasMessageContaining("pigeon");
    }
}
