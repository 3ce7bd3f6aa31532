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

    private Path journal() {
        return root.resolve("agent/sessions.jsonl");
    }

    /** The index agents kept before the journal. */
    private Path legacyIndex() {
        return root.resolve("agent/sessions.json");
    }

    private SessionStore open() throws IOException {
        return SessionStore.open(sessionRoot(), journal(), mapper, clock);
    }

    private List<String> journalLines() throws IOException {
        return Files.readAllLines(journal());
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
        assertThat(journal()).doesNotExist();

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
        assertThat(journal()).doesNotExist();
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
        // One line per change, in order.
        List<String> lines = journalLines();
        assertThat(lines).hasSize(3);
        JsonNode second = mapper.readTree(lines.get(1));
        assertThat(second.get("session_id").asText()).isEqualTo("s2");
        assertThat(second.get("at").asText()).isEqualTo("2026-03-01T10:00:01.623456789Z");
        assertThat(second.has("task_id")).isFalse();
        JsonNode third = mapper.readTree(lines.get(2));
        assertThat(third.get("session_id").asText()).isEqualTo("s1");
        assertThat(third.get("task_id").asText()).isEqualTo("t1");
    }

    @Test
    void knowsOnlySessionsItCreated() throws IOException {
        Files.createDirectories(sessionRoot().resolve("made-by-someone-else"));
        SessionStore store = open();

        assertThat(store.exists("made-by-someone-else")).isFalse();
        assertThat(store.newestFirst()).isEmpty();
    }

    @Test
    void anUnreadableLegacyIndexIsMovedAsideAndTheStoreStartsEmpty() throws IOException {
        Files.createDirectories(legacyIndex().getParent());
        Files.writeString(legacyIndex(), "{\"sessions\": [{\"session_id\": \"s1\", ");

        SessionStore store = open();

        assertThat(store.newestFirst()).isEmpty();
        try (Stream<Path> listing = Files.list(legacyIndex().getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith("sessions.json.corrupt-");
        }
        store.create("s1");
        assertThat(open().exists("s1")).isTrue();
    }

    @Test
    void skipsMalformedLegacyIndexEntries() throws IOException {
        Files.createDirectories(legacyIndex().getParent());
        Files.writeString(legacyIndex(), """
                {"sessions": [
                  {"session_id": "../escape", "created_at": "2026-03-01T10:00:00Z"},
                  {"session_id": "no-created"},
                  {"session_id": "ok", "created_at": "2026-03-01T10:00:00Z"}
                ]}""");

        SessionStore store = open();

        Instant created = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(store.newestFirst()).containsExactly(new SessionInfo("ok", created, created, List.of()));
        assertThat(open().newestFirst()).containsExactly(new SessionInfo("ok", created, created, List.of()));
    }

    @Test
    void theLegacyIndexBecomesTheJournalAndIsRemoved() throws IOException {
        Files.createDirectories(legacyIndex().getParent());
        Files.writeString(legacyIndex(), """
                {"sessions": [
                  {"session_id": "old", "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:30:00Z",
                   "task_ids": ["t1", "t2"]},
                  {"session_id": "new", "created_at": "2026-03-01T09:10:00Z", "updated_at": "2026-03-01T09:40:00Z"}
                ]}""");
        SessionInfo old = new SessionInfo(
                "old",
                Instant.parse("2026-03-01T09:00:00Z"),
                Instant.parse("2026-03-01T09:30:00Z"),
                List.of("t1", "t2"));
        SessionInfo recent = new SessionInfo(
                "new", Instant.parse("2026-03-01T09:10:00Z"), Instant.parse("2026-03-01T09:40:00Z"), List.of());

        SessionStore store = open();

        assertThat(store.newestFirst()).containsExactly(recent, old);
        assertThat(legacyIndex()).doesNotExist();
        assertThat(journalLines()).hasSize(2);
        store.startTask("old", "t3");
        assertThat(open().find("old"))
                .contains(new SessionInfo("old", old.createdAt(), START, List.of("t1", "t2", "t3")));
    }

    @Test
    void aTaskCostsOneLineHoweverManySessionsThereAre() throws IOException {
        SessionStore store = open();
        for (int i = 0; i < 200; i++) {
            store.startTask("s" + i, "t" + i);
        }
        long before = Files.size(journal());

        store.startTask("s7", "t-next");

        List<String> lines = journalLines();
        assertThat(lines).hasSize(201);
        assertThat(Files.size(journal()) - before).isEqualTo(lines.get(200).length() + 1L);
        assertThat(mapper.readTree(lines.get(200)).get("task_id").asText()).isEqualTo("t-next");
    }

    @Test
    void aLineACrashCutShortIsSkippedAndTheJournalRepaired() throws IOException {
        SessionStore store = open();
        store.startTask("s1", "t1");
        store.startTask("s2", "t2");
        String whole = Files.readString(journal());
        // A crash in the middle of the last append.
        Files.writeString(journal(), whole + "{\"session_id\":\"s3\",\"task_id\":\"t");

        SessionStore reopened = open();

        assertThat(reopened.newestFirst()).extracting(SessionInfo::sessionId).containsExactly("s2", "s1");
        assertThat(Files.readString(journal())).endsWith("\n").doesNotContain("s3");
        reopened.startTask("s3", "t3");
        assertThat(open().newestFirst()).extracting(SessionInfo::sessionId).containsExactly("s3", "s2", "s1");
    }

    @Test
    void aJournalWithFarMoreLinesThanSessionsIsRewrittenWithALinePerSession() throws IOException {
        SessionStore store = open();
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofSeconds(1));
            store.startTask(i % 2 == 0 ? "a" : "b", "t" + i);
        }
        assertThat(journalLines()).hasSize(40);

        SessionStore reopened = open();

        assertThat(journalLines()).hasSize(2);
        assertThat(reopened.newestFirst()).isEqualTo(store.newestFirst());
        assertThat(open().newestFirst()).isEqualTo(store.newestFirst());
        assertThat(reopened.find("a").orElseThrow().taskIds()).hasSize(20).startsWith("t0", "t2");
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
