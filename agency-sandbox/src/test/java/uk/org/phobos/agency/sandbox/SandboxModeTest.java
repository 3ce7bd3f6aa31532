package uk.org.phobos.agency.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.AgencyJson;

class SandboxModeTest {
    private static final ProbeResult PASSED = ProbeResult.passed(SandboxBackend.BUBBLEWRAP, "bwrap: ok");
    private static final ProbeResult FAILED = ProbeResult.failed(SandboxBackend.NONE, "bwrap not found on PATH");

    @Test
    void requiredFailsClosed() {
        assertThat(SandboxMode.REQUIRED.decide(PASSED)).isEqualTo(SandboxDecision.SANDBOXED);
        assertThat(SandboxMode.REQUIRED.decide(FAILED)).isEqualTo(SandboxDecision.REFUSED);
    }

    @Test
    void autoFallsBackToUnsandboxed() {
        assertThat(SandboxMode.AUTO.decide(PASSED)).isEqualTo(SandboxDecision.SANDBOXED);
        assertThat(SandboxMode.AUTO.decide(FAILED)).isEqualTo(SandboxDecision.UNSANDBOXED);
    }

    @Test
    void offNeverSandboxes() {
        assertThat(SandboxMode.OFF.decide(PASSED)).isEqualTo(SandboxDecision.UNSANDBOXED);
    }

    @Test
    void requiredIsTheDefaultWhereABackendExists() {
        assertThat(SandboxMode.defaultFor(true)).isEqualTo(SandboxMode.REQUIRED);
        assertThat(SandboxMode.defaultFor(false)).isEqualTo(SandboxMode.AUTO);
    }

    @Test
    void modesParseFromTheirFlagValues() {
        assertThat(SandboxMode.parse("required")).isEqualTo(SandboxMode.REQUIRED);
        assertThat(SandboxMode.parse("off")).isEqualTo(SandboxMode.OFF);
        assertThatThrownBy(() -> SandboxMode.parse("on"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sandbox mode must be off, auto or required, not 'on'");
    }

    @Test
    void theStatusObjectHasTheFieldsOfStatusJson() throws JsonProcessingException {
        ObjectMapper json = AgencyJson.newMapper();

        String ready = json.writeValueAsString(SandboxStatus.of(SandboxMode.REQUIRED, PASSED));

        assertThat(json.readTree(ready))
                .isEqualTo(json.readTree(
                        "{\"mode\":\"required\",\"backend\":\"bwrap\",\"ready\":true,\"reason\":\"bwrap: ok\"}"));
    }

    @Test
    void aFailedProbeSaysWhatHappensToTasks() {
        SandboxStatus required = SandboxStatus.of(SandboxMode.REQUIRED, FAILED);
        SandboxStatus auto = SandboxStatus.of(SandboxMode.AUTO, FAILED);

        assertThat(required.ready()).isFalse();
        assertThat(required.reason())
                .isEqualTo("sandbox probe failed: bwrap not found on PATH; tasks are refused with sandbox_error"
                        + " (--sandbox required)");
        assertThat(auto.ready()).isFalse();
        assertThat(auto.reason()).contains("tasks run UNSANDBOXED");
        assertThat(SandboxStatus.of(SandboxMode.OFF, PASSED)).isEqualTo(SandboxStatus.off());
        assertThat(SandboxStatus.off().backend()).isEqualTo(SandboxBackend.NONE);
    }
}
