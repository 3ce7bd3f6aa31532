package uk.org.phobos.agency.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentChangesTest {

    @Test
    void setsAndRemovesVariablesInACopy() {
        Map<String, String> outside = new HashMap<>(Map.of("PATH", "/usr/bin", "AGENCY_TOKEN", "secret"));
        EnvironmentChanges changes = EnvironmentChanges.of(Map.of("IS_SANDBOX", "1"), Set.of("AGENCY_TOKEN"));

        Map<String, String> inside = changes.applyTo(outside);

        assertThat(inside).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin", "IS_SANDBOX", "1"));
        assertThat(outside).containsEntry("AGENCY_TOKEN", "secret").doesNotContainKey("IS_SANDBOX");
    }

    @Test
    void removingAnAbsentVariableIsFine() {
        assertThat(EnvironmentChanges.of(Map.of(), Set.of("NOPE")).applyTo(Map.of("A", "1")))
                .containsExactlyEntriesOf(Map.of("A", "1"));
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> EnvironmentChanges.of(Map.of("A=B", "1"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A=B");
        assertThatThrownBy(() -> EnvironmentChanges.of(Map.of(), Set.of("1X")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
