package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;

/** The running task's raw lines on disk: appended as they come, kept at the end, read back after a crash. */
class PartialStreamTest {
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("history");
    }

    private HistoryStore open() throws IOException {
        return HistoryStore.open(dir(), mapper, 100, 20);
    }

    private Path partial(String taskId) {
        return dir().resolve(taskId + ".stream.jsonl.part");
    }

    private Path kept(String taskId) {
        return dir().resolve(taskId + ".stream.jsonl");
    }

    @Test
    void eachLineIsOnDiskAsSoonAsItIsAppendedInAnOwnerOnlyFile() throws IOException {
        HistoryStore history = open();
        history.save(TestTasks.working("t1", 0));

        try (PartialStream stream = history.startStream("t1")) {
            assertThat(stream.file()).isEqualTo(partial("t1"));
            stream.append("{\"type\":\"system\",\"subtype\":\"init\"}");
            assertThat(Files.readString(partial("t1"))).isEqualTo("{\"type\":\"system\",\"subtype\":\"init\"}\n");
            stream.append("{\"text\":\"caf\u00e9 \uD83D\uDE80\"}");
            assertThat(Files.readString(partial("t1")))
                    .isEqualTo("{\"type\":\"system\",\"subtype\":\"init\"}\n{\"text\":\"caf\u00e9 \uD83D\uDE80\"}\n");

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(partial("t1"))))
                    .isEqualTo("rw-------");
            // Not the kept stream until the task has ended.
            assertThat(history.stream("t1")).isEmpty();
            assertThat(kept("t1")).doesNotExist();
        }
    }

    @Test
    void keepingTheClosedStreamRenamesItToTheKeptStream() throws IOException {
        HistoryStore history = open();
        history.save(TestTasks.working("t1", 0));
        PartialStream stream = history.startStream("t1");
        List<String> lines = List.of("{\"a\":1}", "", "  {\"b\": \"x\\ny\"}  ");
        lines.forEach(stream::append);
        stream.close();
        stream.append("after the close: dropped");
        stream.close();

        history.keepPartialStream("t1");

        assertThat(stream.isOpen()).isFalse();
        assertThat(partial("t1")).doesNotExist();
        assertThat(history.stream("t1")).contains(lines);
        assertThat(open().stream("t1")).contains(lines);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept("t1"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aStreamOlderThanTheNewestKeptIsDeletedInstead() throws IOException {
        HistoryStore history = HistoryStore.open(dir(), mapper, 100, 1);
        history.save(TestTasks.working("newer", 10));
        history.save(TestTasks.working("older", 0));
        try (PartialStream stream = history.startStream("older")) {
            stream.append("{}");
        }

        history.keepPartialStream("older");

        assertThat(history.stream("older")).isEmpty();
        assertThat(names()).containsExactlyInAnyOrder("newer.json", "older.json");
    }

    @Test
    void keepingNeedsTheTaskSavedFirstAndWithoutAPartialStreamDoesNothing() throws IOException {
        HistoryStore history = open();
        history.startStream("t1").close();

        assertThatThrownBy(() -> history.keepPartialStream("t1")).isInstanceOf(IllegalStateException.class);
        assertThat(partial("t1")).exists();

        history.save(TestTasks.working("t2", 0));
        history.keepPartialStream("t2");
        assertThat(history.stream("t2")).isEmpty();
        assertThatThrownBy(() -> history.startStream("../t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStreamThatCannotBeCreatedDropsItsLinesWithoutFailing() throws IOException {
        HistoryStore history = open();
        history.save(TestTasks.working("t1", 0));
        Files.createDirectories(partial("t1")); // in the way of the file

        PartialStream stream = history.startStream("t1");
        stream.append("{}");
        stream.close();
        history.keepPartialStream("t1");

        assertThat(stream.isOpen()).isFalse();
        assertThat(history.stream("t1")).isEmpty();
        assertThat(kept("t1")).doesNotExist();
    }

    @Test
    void openLeavesPartialStreamsForRecoveryWhichDiscardsAllButOne() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(partial("crashed"), "{}\n");
        Files.writeString(partial("stray"), "{}\n");

        HistoryStore history = open();

        assertThat(history.newestFirst()).isEmpty();
        assertThat(history.leftoverPartialStreams()).containsExactlyInAnyOrder("crashed", "stray");
        assertThat(partial("crashed")).exists();
        assertThat(partial("stray")).exists();

        history.discardLeftoverPartialStreams("crashed");

        assertThat(names()).containsExactly("crashed.stream.jsonl.part");
        history.discardLeftoverPartialStreams(null);
        assertThat(names()).isEmpty();
    }

    @Test
    void readingAPartialStreamCutsOffATornLastLine() throws IOException {
        Files.createDirectories(dir());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("{\"n\":1}\n{\"text\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] torn = "{\"text\":\"\u00e9".getBytes(StandardCharsets.UTF_8);
        content.write(torn, 0, torn.length - 1); // half of the last character's two bytes
        Files.write(partial("t1"), content.toByteArray());
        HistoryStore history = open();

        List<String> lines = new ArrayList<>();
        assertThat(history.readPartialStream("t1", lines::add)).isTrue();

        assertThat(lines).containsExactly("{\"n\":1}", "{\"text\":\"caf\u00e9\"}");
        assertThat(Files.readString(partial("t1"))).isEqualTo("{\"n\":1}\n{\"text\":\"caf\u00e9\"}\n");
    }

    @Test
    void readingToleratesAStreamWithoutAWholeLineOrWithBytesThatAreNotUtf8() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(partial("torn"), "{\"type\":\"sys");
        Files.write(partial("garbled"), new byte[] {'{', '"', (byte) 0xff, '"', '}', '\n'});
        HistoryStore history = open();

        List<String> torn = new ArrayList<>();
        List<String> garbled = new ArrayList<>();
        assertThat(history.readPartialStream("torn", torn::add)).isTrue();
        assertThat(history.readPartialStream("garbled", garbled::add)).isTrue();
        assertThat(history.readPartialStream("absent", line -> {})).isFalse();

        assertThat(torn).isEmpty();
        assertThat(Files.size(partial("torn"))).isZero();
        assertThat(garbled).containsExactly("{\"\uFFFD\"}");
    }

    @Test
    void longLinesAreWrittenWholeAsTheyCome() throws IOException {
        HistoryStore history = open();
        history.save(TestTasks.working("t1", 0));
        String big = "{\"text\":\"" + "x".repeat(200_000) + "\"}";
        try (PartialStream stream = history.startStream("t1")) {
            for (int i = 0; i < 20; i++) {
                stream.append(big);
                assertThat(Files.size(partial("t1"))).isEqualTo((long) (i + 1) * (big.length() + 1));
            }
        }
        history.keepPartialStream("t1");

        assertThat(history.stream("t1").orElseThrow()).hasSize(20).allMatch(big::equals);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
