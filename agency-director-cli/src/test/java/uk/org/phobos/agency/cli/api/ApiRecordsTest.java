package uk.org.phobos.agency.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonException;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.CurrentTask;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;

class ApiRecordsTest {
    private final JsonCodec codec = new JsonCodec();
    private final ApiRecords records = new ApiRecords();

    @Test
    void readsAnAgentStatusWithItsCurrentTask() {
        StatusReport status = records.status(json("{\"type\":\"agent\",\"name\":\"agent-9000\","
                + "\"interfaces\":[\"statusable\",\"taskable\",\"future_one\"],\"version\":\"1.0\",\"state\":\"working\","
                + "\"started_at\":\"2026-01-01T00:00:00Z\",\"uptime_seconds\":61,\"config\":{\"model\":\"sonnet\"},"
                + "\"current_task\":{\"task_id\":\"t-1\",\"session_id\":\"s-1\",\"prompt_preview\":\"fix it\"},"
                + "\"runner\":{\"kind\":\"claude\"}}"));

        assertThat(status.type()).isEqualTo(ComponentType.AGENT);
        assertThat(status.interfaces()).hasSize(2);
        assertThat(status.uptimeSeconds()).isEqualTo(61);
        assertThat(status.config()).containsEntry("model", "sonnet");
        assertThat(status.details()).containsKeys("current_task", "runner").doesNotContainKey("config");
        CurrentTask current = records.currentTask(status);
        assertThat(current.taskId()).isEqualTo("t-1");
        assertThat(current.promptPreview()).isEqualTo("fix it");
    }

    @Test
    void anIdleAgentHasNoCurrentTaskAndSomethingElseIsNoStatus() {
        StatusReport idle = records.status(json("{\"type\":\"agent\",\"state\":\"idle\",\"current_task\":null}"));

        assertThat(records.currentTask(idle)).isNull();
        assertThatThrownBy(() -> records.status(json("{\"hello\":\"world\"}"))).isInstanceOf(JsonException.class);
    }

    @Test
    void readsATaskLenientlyAboutValuesItDoesNotKnow() {
        Task task = records.task(json("{\"task_id\":\"t-1\",\"session_id\":\"s-1\",\"state\":\"failed\","
                + "\"source\":\"cli\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"},\"duration_seconds\":2.5,"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5},\"cost_usd\":0.25,\"num_turns\":3,"
                + "\"steps\":[{\"type\":\"tool_call\",\"tool\":\"Bash\",\"input_preview\":\"ls\",\"is_error\":false},"
                + "{\"type\":\"text\",\"input_preview\":\"hi\"}]}"));
        Task odd =
                records.task(json("{\"task_id\":\"t-2\",\"state\":\"teleported\",\"error\":{\"type\":\"gremlins\"}}"));

        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.source()).isEqualTo(TaskSource.CLI);
        assertThat(task.error().type()).isEqualTo(TaskErrorType.API_ERROR);
        assertThat(task.usage().inputTokens()).isEqualTo(10);
        assertThat(task.steps()).hasSize(2);
        assertThat(task.steps().get(0).tool()).isEqualTo("Bash");
        assertThat(odd.state()).isNull();
        assertThat(odd.error().type()).isNull();
    }

    @Test
    void readsAHistoryPage() {
        var page = records.history(json("{\"entries\":[{\"task_id\":\"a\"},{\"task_id\":\"b\"}],\"page\":2,"
                + "\"limit\":2,\"total\":5,\"total_pages\":3}"));

        assertThat(page.entries()).extracting(Task::taskId).containsExactly("a", "b");
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.totalPages()).isEqualTo(3);
    }

    private JsonObject json(String text) {
        return codec.parseObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
