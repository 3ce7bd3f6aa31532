package uk.org.phobos.agency.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    private final TaskRequestValidator validator = new TaskRequestValidator();

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-DEF_1.2", "0123456789abcdef", "550e8400-e29b-41d4-a716-446655440000"})
    void acceptsGoodSessionIds(String id) {
        assertThat(SessionIds.isValid(id)).isTrue();
        assertThat(SessionIds.resolveUnder(Path.of("/srv/sessions"), id)).isEqualTo(Path.of("/srv/sessions", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc", "a/b", "/abs", "-lead", ".hidden", "a..b", "a b", "é"})
    void refusesBadSessionIds(String id) {
        assertThat(SessionIds.isValid(id)).isFalse();
        assertThatThrownBy(() -> SessionIds.resolveUnder(Path.of("/srv/sessions"), id))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
    }

    @Test
    void refusesOverLongSessionId() {
        assertThat(SessionIds.isValid("a".repeat(128))).isTrue();
        assertThat(SessionIds.isValid("a".repeat(129))).isFalse();
    }

    @Test
    void acceptsMinimalTaskRequest() {
        assertThat(validator.validate(TaskRequest.of("fix the build")).prompt()).isEqualTo("fix the build");
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        TaskRequest bad = new TaskRequest(" ", "../x", null, "bad model", 0, 5000, Map.of("1BAD", "v"), null, null);

        assertThatThrownBy(() -> validator.validate(bad))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("prompt is required")
                .hasMessageContaining("session_id must match")
                .hasMessageContaining("model must be")
                .hasMessageContaining("timeout_seconds must be between 1")
                .hasMessageContaining("max_turns must be between 1")
                .hasMessageContaining("env key '1BAD'");
    }

    @Test
    void pageRequestDefaultsAndLimits() {
        assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(1, 20));
        assertThatThrownBy(() -> PageRequest.parse("0", null)).hasMessageContaining("page must be 1 or more");
        assertThatThrownBy(() -> PageRequest.parse("x", null)).hasMessageContaining("page must be a whole number");
        assertThatThrownBy(() -> PageRequest.parse("1", "101")).hasMessageContaining("limit must be between 1 and 100");
    }

    @Test
    void pageRequestSlicesNewestFirst() {
        List<Integer> items = List.of(9, 8, 7, 6, 5);

        HistoryPage<Integer> second = new PageRequest(2, 2).slice(items);
        HistoryPage<Integer> beyond = new PageRequest(9, 2).slice(items);

        assertThat(second.entries()).containsExactly(7, 6);
        assertThat(second.total()).isEqualTo(5);
        assertThat(second.totalPages()).isEqualTo(3);
        assertThat(beyond.entries()).isEmpty();
    }

    @Test
    void previewsCountCharactersNotBytes() {
        String emoji = "\uD83D\uDE00".repeat(250); // 250 code points, 500 UTF-16 units

        String preview = Step.preview(emoji);

        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(200);
        assertThat(Step.preview("short")).isEqualTo("short");
        assertThat(Step.preview(null)).isNull();
    }
}
