package uk.org.phobos.agency.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Style;

class JobsViewTest {
    private static final Instant NOW = Instant.parse("2026-11-25T21:27:00Z");

    private final JobsView view = new JobsView(new Style(false), NOW);

    @Test
    void theNextRunIsUtcWithHowFarOffItIs() {
        assertThat(view.nextRun(json("{\"next_run_at\": \"2026-11-26T02:30:00Z\"}")))
                .isEqualTo("2026-11-26 02:30Z (in 5h03m)");
        assertThat(view.nextRun(json("{\"next_run_at\": \"2026-11-25T21:26:59Z\"}")))
                .isEqualTo("2026-11-25 21:26Z (due)");
        assertThat(view.nextRun(json("{\"paused\": true}"))).isNull();
    }

    @Test
    void stateSaysPausedDisabledOrEnabledAndWhetherARunIsGoing() {
        assertThat(view.state(json("{\"enabled\": true, \"paused\": false}"))).isEqualTo("enabled");
        assertThat(view.state(json("{\"enabled\": false, \"paused\": false}"))).isEqualTo("disabled");
        assertThat(view.state(json("{\"enabled\": false, \"paused\": true}"))).isEqualTo("paused");
        assertThat(view.state(json("{\"enabled\": true, \"running_run_ids\": [\"r-1\"], \"queued_run_id\": \"r-2\"}")))
                .isEqualTo("enabled, running, 1 queued");
    }

    @Test
    void outcomeAddsHowTheTaskEnded() {
        assertThat(view.outcome(json("{\"outcome\": \"submitted\", \"final_state\": \"completed\"}")))
                .isEqualTo("submitted → completed");
        assertThat(view.outcome(json("{\"outcome\": \"submitted\", \"status\": \"tracking\"}")))
                .isEqualTo("submitted → running");
        assertThat(view.outcome(json("{\"outcome\": \"skipped_busy\", \"status\": \"done\"}")))
                .isEqualTo("skipped_busy");
        assertThat(view.outcome(json("{\"status\": \"queued\"}"))).isEqualTo("queued");
    }

    @Test
    void aJobsRowHasItsScheduleZoneAndLastRun() {
        List<String> lines = view.jobs(List.of(json("{\"name\": \"nightly\", \"schedule\": \"30 2 * * *\","
                + " \"enabled\": true, \"paused\": false, \"next_run_at\": \"2026-11-26T02:30:00Z\","
                + " \"last_run\": {\"outcome\": \"skipped_error\", \"started_at\": \"2026-11-25T21:24:00Z\"}}")));

        assertThat(lines.get(0)).startsWith("NAME").contains("TIME ZONE").endsWith("OUTCOME");
        assertThat(lines.get(1))
                .startsWith("nightly  30 2 * * *")
                .contains("(host's)")
                .contains("2026-11-26 02:30Z (in 5h03m)")
                .contains("3m00s ago")
                .endsWith("skipped_error");
    }

    @Test
    void aRunsRowHasTheTaskTheAgentsAddressAndTheError() {
        List<String> lines = view.runs(List.of(
                json(
                        "{\"run_id\": \"r-1\", \"scheduled_for\": \"2026-11-25T02:30:00Z\","
                                + " \"started_at\": \"2026-11-25T02:30:00.004Z\", \"outcome\": \"submitted\", \"task_id\": \"t-1\","
                                + " \"agent_url\": \"https://127.0.0.1:9000\", \"status\": \"done\", \"final_state\": \"failed\"}"),
                json("{\"run_id\": \"r-2\", \"scheduled_for\": \"2026-11-24T02:30:00Z\", \"outcome\": \"missed\","
                        + " \"status\": \"done\", \"error\": \"the scheduler\\nwas down\"}")));

        assertThat(lines.get(1))
                .startsWith("r-1  2026-11-25 02:30Z  2026-11-25 02:30:00Z  submitted")
                .contains("t-1   127.0.0.1:9000  failed");
        assertThat(lines.get(2)).startsWith("r-2").contains("missed").endsWith("the scheduler was down");
    }

    private static JsonObject json(String text) {
        return new JsonCodec().parseObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
