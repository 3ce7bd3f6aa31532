package uk.org.phobos.agency.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;

/**
 * {@code ag logs} of a task whose raw stream the agent no longer keeps (it keeps the newest 20): the agent answers
 * with no lines, and the command says why on stderr rather than print nothing at all. A WireMock stand-in answers
 * as the agent does (SPEC.md section 3, {@code GET /history/{id}/debug}).
 */
class LogsWithoutStreamIT {
    @TempDir
    Path dir;

    private HttpsStandIn agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        AgencyHome home = new AgencyHome(dir.resolve("agency"));
        agent = HttpsStandIn.start(home, "agent", dir);
        cli = new CliRunner(home.root()).env("AGENCY_TOKEN", "test-fleet-token");
        agent.server.stubFor(
                get(urlEqualTo("/history/t-old/debug")).willReturn(okJson("{\"task_id\":\"t-old\",\"lines\":[]}")));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aStreamNoLongerKeptPrintsNothingAndSaysWhyOnStderr() {
        CliResult result = cli.run("logs", "t-old", "--agent", agent.url().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains(agent.url() + " keeps no raw stream for task t-old")
                .contains("newest 20 tasks")
                .contains("ag show t-old");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void withJsonTheAnswerIsPrintedAsItCame() {
        CliResult result = cli.run("logs", "t-old", "--agent", agent.url().toString(), "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("\"lines\"").contains("t-old");
        assertThat(result.err()).isEmpty();
    }
}
