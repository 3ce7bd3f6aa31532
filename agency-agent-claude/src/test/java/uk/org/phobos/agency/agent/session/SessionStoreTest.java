package uk.org.phobos.agency.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.testkit.clock.MutableClock;

class SessionStoreTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final MutableClock clock = new MutableClock(START);

    @TempDir
    Path root;

    private Path sessionRoot() {
        return root.resolve("sessions");
    }

    private Path indexFile() {
        return root.resolve("agent/sessions.json");
    }

    private SessionStore open() throws IOException {
        return SessionStore.open(sessionRoot(), indexFile(), mapper, clock);
    }

    @Test
    void createsASessionDirectoryAndListsIt() throws IOException {
        SessionStore store = open();
        assertThat(store.exists("s1")).isFalse();

        Path dir = store.create("s1");

        assertThat(dir).isDirectory().isEqualTo(sessionRoot().resolve("s1"));
        assertThat(store.directory("s1")).isEqualTo(dir);
        assertThat(store.exists("s1")).isTrue();
        assertThat(store.find("s1")).contains(new SessionInfo("s1", START, START, List.of()));
        assertThat(store.find("s2")).isEmpty();
    }

    @Test
    void createIsIdempotent() throws IOException {
        SessionStore store = open();
        store.create("s1");
        store.recordTask("s1", "t1");
        clock.advance(Duration.ofSeconds(5));
        Files.delete(sessionRoot().resolve("s1"));

        Path dir = store.create("s1");

        assertThat(dir).isDirectory();
        assertThat(store.find("s1")).contains(new SessionInfo("s1", START, START, List.of("t1")));
        assertThat(store.newestFirst()).hasSize(1);
    }

    @Test
    void recordsTasksInOrderAndMarksTheSessionUpdated() throws IOException {
        SessionStore store = open();
        store.create("s1");
        clock.advance(Duration.ofSeconds(1));
        store.recordTask("s1", "t1");
        clock.advance(Duration.ofSeconds(1));
        store.recordTask("s1", "t2");

        assertThat(store.find("s1")).contains(new SessionInfo("s1", START, START.plusSeconds(2), List.of("t1", "t2")));
    }

    @Test
    void aNewSessionIsListedWithItsFirstTaskInOneWrite() throws IOException {
        SessionStore store = open();

        Path dir = store.createDirectory("s1");

        assertThat(dir).isDirectory().isEqualTo(sessionRoot().resolve("s1"));
        assertThat(store.exists("s1")).isFalse();
        assertThat(indexFile()).doesNotExist();

        clock.advance(Duration.ofSeconds(1));
        store.startTask("s1", "t1");

        Instant now = START.plusSeconds(1);
        assertThat(store.find("s1")).contains(new SessionInfo("s1", now, now, List.of("t1")));
        assertThat(open().find("s1")).contains(new SessionInfo("s1", now, now, List.of("t1")));
    }

    @Test
    void startingATaskInAKnownSessionAddsItAndMarksTheSessionUpdated() throws IOException {
        SessionStore store = open();
        store.createDirectory("s1");
        store.startTask("s1", "t1");
        clock.advance(Duration.ofSeconds(2));

        store.startTask("s1", "t2");

        assertThat(store.find("s1")).contains(new SessionInfo("s1", START, START.plusSeconds(2), List.of("t1", "t2")));
        assertThat(open().find("s1")).isEqualTo(store.find("s1"));
    }

    @Test
    void recordingATaskInAnUnknownSessionIsNotFound() throws IOException {
        SessionStore store = open();

        assertThatThrownBy(() -> store.recordTask("nope", "t1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(indexFile()).doesNotExist();
    }

    @Test
    void listsTheMostRecentlyUpdatedFirst() throws IOException {
        SessionStore store = open();
        store.create("a");
        clock.advance(Duration.ofSeconds(1));
        store.create("b");
        clock.advance(Duration.ofSeconds(1));
        store.create("c");
        clock.advance(Duration.ofSeconds(1));
        store.recordTask("a", "t1");
        // Updated at the same instant: the later update counts as newer.
        store.recordTask("b", "t2");
        store.recordTask("c", "t3");
        store.recordTask("b", "t4");

        assertThat(store.newestFirst()).extracting(SessionInfo::sessionId).containsExactly("b", "c", "a");
        assertThat(open().newestFirst()).extracting(SessionInfo::sessionId).containsExactly("b", "c", "a");
    }

    @Test
    void aNewInstanceSeesTheSameSessions() throws IOException {
        SessionStore store = open();
        store.create("s1");
        clock.advance(Duration.ofMillis(1500));
        store.create("s2");
        store.recordTask("s1", "t1");

        SessionStore reopened = open();

        assertThat(reopened.newestFirst()).isEqualTo(store.newestFirst());
        assertThat(reopened.exists("s1")).isTrue();
        JsonNode json = mapper.readTree(indexFile().toFile());
        JsonNode first = json.get("sessions").get(0);
        assertThat(first.get("session_id").asText()).isEqualTo("s2");
        assertThat(first.get("created_at").asText()).isEqualTo("2026-03-01T10:00:01.623456789Z");
        assertThat(json.get("sessions").get(1).get("task_ids").get(0).asText()).isEqualTo("t1");
    }

    @Test
    void knowsOnlySessionsItCreated() throws IOException {
        Files.createDirectories(sessionRoot().resolve("made-by-someone-else"));
        SessionStore store = open();

        assertThat(store.exists("made-by-someone-else")).isFalse();
        assertThat(store.newestFirst()).isEmpty();
    }

    @Test
    void anUnreadableIndexIsMovedAsideAndTheStoreStartsEmpty() throws IOException {
        Files.createDirectories(indexFile().getParent());
        Files.writeString(indexFile(), "{\"sessions\": [{\"session_id\": \"s1\", ");

        SessionStore store = open();

        assertThat(store.newestFirst()).isEmpty();
        try (Stream<Path> listing = Files.list(indexFile().getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith("sessions.json.corrupt-");
        }
        store.create("s1");
        assertThat(open().exists("s1")).isTrue();
    }

    @Test
    void skipsMalformedIndexEntries() throws IOException {
        Files.createDirectories(indexFile().getParent());
        Files.writeString(indexFile(), """
                {"sessions": [
                  {"session_id": "../escape", "created_at": "2026-03-01T10:00:00Z"},
                  {"session_id": "no-created"},
                  {"session_id": "ok", "created_at": "2026-03-01T10:00:00Z"}
                ]}""");

        SessionStore store = open();

        Instant created = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(store.newestFirst()).containsExactly(new SessionInfo("ok", created, created, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "/x", "a/b", "../x", "./x", "x/..", ".hidden", "a..b", "", " ", "a b", "é", "\u0000"})
    void refusesBadIdsWithValidationErrorAndCreatesNothing(String id) throws IOException {
        SessionStore store = open();
        List<Path> before = tree();

        assertValidationError(() -> store.create(id));
        assertValidationError(() -> store.directory(id));
        assertValidationError(() -> store.exists(id));
        assertValidationError(() -> store.find(id));
        assertValidationError(() -> store.recordTask(id, "t1"));
        assertValidationError(() -> store.createDirectory(id));
        assertValidationError(() -> store.startTask(id, "t1"));
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void refusesIdsLongerThan128() throws IOException {
        SessionStore store = open();
        List<Path> before = tree();

        assertValidationError(() -> store.create("a".repeat(129)));
        assertValidationError(() -> store.directory("a".repeat(129)));
        assertThat(tree()).isEqualTo(before);

        assertThat(store.create("a".repeat(128))).isEqualTo(sessionRoot().resolve("a".repeat(128)));
    }

    @Test
    void refusesNullIds() throws IOException {
        SessionStore store = open();

        assertValidationError(() -> store.create(null));
        assertValidationError(() -> store.exists(null));
    }

    private static void assertValidationError(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
    }

    private List<Path> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted().toList();
        }
    }
}
