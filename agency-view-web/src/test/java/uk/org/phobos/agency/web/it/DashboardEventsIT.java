package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's event stream ({@code GET /ui/api/events}) over plain HTTP, as the page's {@code
 * EventSource} reads it: a reconnect with {@code Last-Event-ID} gets exactly the events it missed, one
 * from too far back gets {@code reset}. The web view runs alone: a task for "any idle agent" waits in
 * the queue, which is enough to have a session whose archiving makes events.
 */
class DashboardEventsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aReconnectWithLastEventIdGetsOnlyTheEventsAfterIt() throws Exception {
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startWeb(true);
            String sessionId = fleet.client()
                    .send(fleet.internal(), "POST", "/api/task", Map.of("prompt", "wait for an agent"), JsonNode.class)
                    .path("session_id")
                    .asText();
            BrowserClient browser = fleet.signedIn();

            long archived;
            long unarchived;
            long archivedAgain;
            try (BrowserClient.LiveEvents first = browser.openEvents("/ui/api/events")) {
                first.awaitEvent("hello", WAIT);
                archived = changeOf(browser, first, sessionId, "archive");
                unarchived = changeOf(browser, first, sessionId, "unarchive");
                archivedAgain = changeOf(browser, first, sessionId, "archive");
            }
            assertThat(archived).isLessThan(unarchived);
            assertThat(unarchived).isLessThan(archivedAgain);

            try (BrowserClient.LiveEvents resumed =
                    browser.openEvents("/ui/api/events", Map.of("Last-Event-ID", Long.toString(archived)))) {
                resumed.awaitEvent("the last missed event", e -> id(e) == archivedAgain, WAIT);
                List<String[]> got = resumed.events();
                assertThat(resumed.status()).isEqualTo(200);
                assertThat(got)
                        .as("only what came after the id, in order, without hello or reset")
                        .allSatisfy(e -> assertThat(id(e)).isGreaterThan(archived))
                        .extracting(e -> e[0])
                        .doesNotContain("hello", "reset");
                assertThat(got.stream().map(DashboardEventsIT::id).toList())
                        .isSorted()
                        .contains(unarchived, archivedAgain);
                assertThat(got.stream()
                                .filter(e -> id(e) == unarchived)
                                .findFirst()
                                .orElseThrow()[1])
                        .contains(sessionId);
            }

            try (BrowserClient.LiveEvents upToDate =
                    browser.openEvents("/ui/api/events", Map.of("Last-Event-ID", Long.toString(archivedAgain)))) {
                long next = changeOf(browser, upToDate, sessionId, "unarchive");
                assertThat(upToDate.events())
                        .as("nothing replayed for a browser that missed nothing")
                        .allSatisfy(e -> assertThat(id(e)).isGreaterThan(archivedAgain))
                        .extracting(DashboardEventsIT::id)
                        .contains(next);
                assertThat(upToDate.names()).doesNotContain("hello", "reset");
            }

            try (BrowserClient.LiveEvents tooOld = browser.openEvents("/ui/api/events", Map.of("Last-Event-ID", "1"))) {
                tooOld.awaitEvent("reset", WAIT);
                assertThat(tooOld.names().get(0)).isEqualTo("reset");
            }
        }
    }

    /** Archives or unarchives the session and returns the id of the {@code session} event it made. */
    private static long changeOf(
            BrowserClient browser, BrowserClient.LiveEvents events, String sessionId, String what) {
        int before = events.events().size();
        assertThat(browser.post("/ui/api/sessions/" + sessionId + "/" + what, Map.of())
                        .statusCode())
                .isEqualTo(200);
        String[] event = events.awaitEvent(
                "the session event of " + what,
                e -> e[0].equals("session")
                        && e[1].contains(sessionId)
                        && events.events().indexOf(e) >= before,
                WAIT);
        return id(event);
    }

    private static long id(String[] event) {
        return Long.parseLong(event[2]);
    }
}
