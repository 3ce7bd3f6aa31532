package uk.org.phobos.agency.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.org.phobos.agency.core.api.ApiException;

class JobValidatorTest {
    private static final ZoneId HOST = ZoneId.of("Europe/Paris");
    private final JobValidator validator = new JobValidator(HOST);

    private static JobSpec spec(String name, String schedule, String prompt) {
        return new JobSpec(name, schedule, null, prompt, null, null, null, null, null, null, null);
    }

    @Test
    void fillsInTheDefaults() {
        Job job = validator.validate(spec("nightly", " @daily ", "tidy up"));

        assertThat(job.overlap()).isEqualTo(Overlap.SKIP);
        assertThat(job.catchUp()).isEqualTo(CatchUp.ONCE);
        assertThat(job.enabled()).isTrue();
        assertThat(job.schedule().zone()).isEqualTo(HOST);
        assertThat(job.spec().schedule()).isEqualTo("@daily");
        assertThat(job.spec().overlap()).isEqualTo("skip");
        assertThat(job.spec().catchUp()).isEqualTo("once");
        assertThat(job.spec().enabled()).isTrue();
        assertThat(job.spec().timeZone()).isNull();
    }

    @Test
    void readsEveryField() {
        Job job = validator.validate(new JobSpec(
                "weekly.clean-up_1",
                "0 4 * * sun",
                "America/New_York",
                "clean",
                "sonnet",
                600,
                "https://127.0.0.1:9001/",
                "repo-a",
                "queue",
                false,
                "none"));

        assertThat(job.schedule().zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(job.agentUrl()).isEqualTo(URI.create("https://127.0.0.1:9001"));
        assertThat(job.workspace()).isEqualTo("repo-a");
        assertThat(job.overlap()).isEqualTo(Overlap.QUEUE);
        assertThat(job.catchUp()).isEqualTo(CatchUp.NONE);
        assertThat(job.enabled()).isFalse();
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        JobSpec bad = new JobSpec(
                "../etc",
                "0 0 31 2 *",
                "Mars/Base",
                " ",
                "bad model!",
                0,
                "http://x:1",
                " ",
                "sometimes",
                null,
                "twice");

        assertThatThrownBy(() -> validator.validate(bad))
                .isInstanceOfSatisfying(
                        InvalidJobException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly(
                                        "name",
                                        "schedule",
                                        "time_zone",
                                        "prompt",
                                        "model",
                                        "timeout_seconds",
                                        "agent_url",
                                        "workspace",
                                        "overlap",
                                        "catch_up"))
                .hasMessageContaining("schedule: '0 0 31 2 *' can never fire")
                .hasMessageContaining("time_zone: 'Mars/Base' is not an IANA time zone")
                .hasMessageContaining("overlap: must be one of skip, queue, allow, got 'sometimes'")
                .hasMessageContaining("catch_up: must be one of none, once, got 'twice'");
    }

    @Test
    void requiredFieldsAreNamed() {
        assertThatThrownBy(() -> validator.validate(spec(null, null, null)))
                .hasMessage("name: is required; schedule: is required: five cron fields such as '0 3 * * *' or @daily; "
                        + "prompt: is required and must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "https://127.0.0.1:9000/task", "127.0.0.1:9000", "https://h/?q=1"})
    void agentUrlMustBeAnHttpsBaseUrl(String url) {
        JobSpec bad = new JobSpec("j", "@daily", null, "p", null, null, url, null, null, null, null);

        assertThatThrownBy(() -> validator.validate(bad))
                .isInstanceOfSatisfying(
                        InvalidJobException.class,
                        e -> assertThat(e.problems().get(0).field()).isEqualTo("agent_url"));
    }

    @Test
    void theApiErrorListsTheFields() {
        ApiException api = new InvalidJobException(
                        java.util.List.of(new FieldProblem("schedule", "x"), new FieldProblem("prompt", "y")))
                .toApiException();

        assertThat(api.httpStatus()).isEqualTo(400);
        assertThat(api.error().details()).containsEntry("fields", java.util.List.of("schedule", "prompt"));
        assertThat(api.error().message()).isEqualTo("schedule: x; prompt: y");
    }
}
