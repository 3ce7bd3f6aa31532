package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;

class HistoryStoreTest {
    private static final Logger log = LoggerFactory.getLogger(HistoryStoreTest.class);
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("agent/history");
    }

    private HistoryStore open() throws IOException {
        return HistoryStore.open(dir(), mapper, 100, 20);
    }

    @Test
    void savesFindsAndReplacesByTaskId() throws IOException {
        HistoryStore store = open();
        Task working = TestTasks.working("t1", 0);

        store.save(working);
        assertThat(store.find("t1")).contains(working);

        Task completed = new Task(
                "t1",
                working.sessionId(),
                TaskState.COMPLETED,
                working.prompt(),
                working.model(),
                working.source(),
                null,
                working.createdAt(),
                working.startedAt(),
                working.startedAt().plusSeconds(3),
                3.0,
                0,
                "done",
                null,
                null,
                null,
                1,
                1,
                List.of(Step.text("done")),
                null);
        store.save(completed);

        assertThat(store.find("t1")).contains(completed);
        assertThat(store.newestFirst()).containsExactly(completed);
        assertThat(store.find("other")).isEmpty();
        assertThat(taskFiles()).containsExactly("t1.json");
    }

    @Test
    void listsNewestCreatedFirstAndTasksCreatedAtOnceByLastInserted() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("b", 20));
        store.save(TestTasks.working("a", 10));
        store.save(TestTasks.working("c", 30));
        store.save(TestTasks.working("tie-first", 15));
        store.save(TestTasks.working("tie-second", 15));
        // Replacing keeps the place it had among its ties.
        store.save(TestTasks.working("tie-first", 15));

        assertThat(ids(store.newestFirst())).containsExactly("c", "b", "tie-second", "tie-first", "a");
    }

    @Test
    void keepsTheNewestHundredTasksAndDeletesTheFilesOfOthers() throws IOException {
        HistoryStore store = open();
        for (int i = 0; i < 105; i++) {
            store.save(TestTasks.working("task-" + i, i));
        }

        assertThat(store.newestFirst()).hasSize(100);
        assertThat(store.newestFirst().get(0).taskId()).isEqualTo("task-104");
        assertThat(store.newestFirst().get(99).taskId()).isEqualTo("task-5");
        for (int i = 0; i < 5; i++) {
            assertThat(store.find("task-" + i)).isEmpty();
            assertThat(dir().resolve("task-" + i + ".json")).doesNotExist();
        }
        assertThat(taskFiles()).hasSize(100);

        // A task older than all kept ones is dropped at once.
        store.save(TestTasks.working("ancient", -1));
        assertThat(store.find("ancient")).isEmpty();
        assertThat(dir().resolve("ancient.json")).doesNotExist();
        assertThat(store.newestFirst()).hasSize(100);
    }

    @Test
    void keepsTheStreamsOfTheNewestTwentyTasksOnly() throws IOException {
        HistoryStore store = open();
        for (int i = 0; i < 25; i++) {
            store.save(TestTasks.working("task-" + i, i));
            store.saveStream("task-" + i, List.of("{\"type\":\"system\",\"n\":" + i + "}", "{\"type\":\"result\"}"));
        }

        for (int i = 0; i < 5; i++) {
            assertThat(store.stream("task-" + i)).isEmpty();
            assertThat(dir().resolve("task-" + i + ".stream.jsonl")).doesNotExist();
            assertThat(store.find("task-" + i)).isPresent();
        }
        for (int i = 5; i < 25; i++) {
            assertThat(store.stream("task-" + i))
                    .contains(List.of("{\"type\":\"system\",\"n\":" + i + "}", "{\"type\":\"result\"}"));
        }
        assertThat(streamFiles()).hasSize(20);

        // A stream for a task no longer among the newest twenty is not written at all.
        store.saveStream("task-0", List.of("{}"));
        assertThat(store.stream("task-0")).isEmpty();
        assertThat(streamFiles()).hasSize(20);

        // Evicting the whole task takes its stream with it.
        HistoryStore small = HistoryStore.open(dir(), mapper, 10, 20);
        assertThat(small.stream("task-14")).isEmpty();
        assertThat(small.stream("task-15")).isPresent();
        assertThat(streamFiles()).hasSize(10);
    }

    @Test
    void streamsRoundTripLineByLine() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("t1", 0));
        List<String> lines = List.of("{\"text\":\"caf\u00e9 \uD83D\uDE80\"}", "", "  {\"x\": \"a\\nb\"}  ");

        store.saveStream("t1", lines);
        assertThat(store.stream("t1")).contains(lines);
        assertThat(open().stream("t1")).contains(lines);

        store.saveStream("t1", List.of());
        assertThat(store.stream("t1")).contains(List.of());
    }

    @Test
    void refusesStreamsOfUnsavedTasksAndLinesWithLineBreaks() throws IOException {
        HistoryStore store = open();
        assertThatThrownBy(() -> store.saveStream("unknown", List.of("{}"))).isInstanceOf(IllegalStateException.class);

        store.save(TestTasks.working("t1", 0));
        assertThatThrownBy(() -> store.saveStream("t1", List.of("{}\n{}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveStream("t1", List.of("{}\r"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(streamFiles()).isEmpty();
    }

    @Test
    void aNewInstanceSeesWhatTheLastOneSaved() throws IOException {
        HistoryStore first = open();
        for (int i = 0; i < 30; i++) {
            first.save(TestTasks.working("task-" + i, i % 7));
            first.saveStream("task-" + i, List.of("line " + i));
        }

        HistoryStore second = open();

        assertThat(ids(second.newestFirst())).hasSize(30);
        assertThat(second.newestFirst()).extracting(Task::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        for (Task task : first.newestFirst()) {
            assertThat(second.find(task.taskId())).contains(task);
            assertThat(second.stream(task.taskId())).isEqualTo(first.stream(task.taskId()));
        }
    }

    @Test
    void reopeningAppliesSmallerLimits() throws IOException {
        HistoryStore store = open();
        for (int i = 0; i < 10; i++) {
            store.save(TestTasks.working("task-" + i, i));
            store.saveStream("task-" + i, List.of("{}"));
        }

        HistoryStore smaller = HistoryStore.open(dir(), mapper, 3, 1);

        assertThat(ids(smaller.newestFirst())).containsExactly("task-9", "task-8", "task-7");
        assertThat(smaller.stream("task-9")).isPresent();
        assertThat(smaller.stream("task-8")).isEmpty();
        assertThat(taskFiles()).containsExactlyInAnyOrder("task-9.json", "task-8.json", "task-7.json");
        assertThat(streamFiles()).containsExactly("task-9.stream.jsonl");
    }

    @Test
    void movesUnreadableFilesAsideAndLoadsTheRest() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("good-1", 1));
        store.save(TestTasks.working("good-2", 2));
        Files.writeString(dir().resolve("torn.json"), "{\"task_id\":\"torn\",\"created_");
        Files.writeString(dir().resolve("not-json.json"), "\u0000\u0001binary");
        Files.writeString(dir().resolve("wrong-name.json"), mapper.writeValueAsString(TestTasks.working("other", 3)));
        Files.writeString(dir().resolve("bad-state.json"), "{\"task_id\":\"bad-state\",\"state\":\"exploded\"}");
        Files.writeString(dir().resolve("no-created.json"), "{\"task_id\":\"no-created\",\"state\":\"working\"}");
        Files.writeString(dir().resolve("orphan.stream.jsonl"), "{}\n");
        Files.writeString(dir().resolve("running.json"), "{\"task\":{}}");
        Files.writeString(dir().resolve("notes.txt"), "left alone");

        HistoryStore reopened = open();

        assertThat(ids(reopened.newestFirst())).containsExactly("good-2", "good-1");
        assertThat(names(dir().resolve(HistoryDirectory.CORRUPT_DIR)))
                .containsExactlyInAnyOrder(
                        "torn.json", "not-json.json", "wrong-name.json", "bad-state.json", "no-created.json");
        assertThat(names(dir()))
                .containsExactlyInAnyOrder(
                        "good-1.json", "good-2.json", "running.json", "notes.txt", HistoryDirectory.CORRUPT_DIR);

        // A second file of the same name does not overwrite the first one set aside.
        Files.writeString(dir().resolve("torn.json"), "{");
        open();
        assertThat(names(dir().resolve(HistoryDirectory.CORRUPT_DIR))).contains("torn.json", "torn.json.1");
    }

    @Test
    void removesStrayTempFilesAtOpen() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("t1", 0));
        Files.writeString(dir().resolve(".t2.json.0b1f5e3c-1111-2222-3333-444455556666.tmp"), "{\"task_id\":");
        Files.writeString(dir().resolve(".t1.stream.jsonl.abc.tmp"), "half a li");

        HistoryStore reopened = open();

        assertThat(names(dir())).containsExactly("t1.json");
        assertThat(ids(reopened.newestFirst())).containsExactly("t1");
    }

    @Test
    void anEmptyTaskFileIsRemovedAtOpenNotSetAside() throws IOException {
        // What an agent that died while saving a task's end can leave: the file created, nothing in it.
        HistoryStore store = open();
        store.save(TestTasks.working("t1", 0));
        Files.createFile(dir().resolve("t2.json"));

        HistoryStore reopened = open();

        assertThat(names(dir())).containsExactly("t1.json");
        assertThat(ids(reopened.newestFirst())).containsExactly("t1");
    }

    @Test
    void aTaskSavedAgainReplacesItsFileWholeOwnerOnly() throws IOException {
        HistoryStore store = open();
        Task working = TestTasks.working("t1", 0);
        store.save(working);
        Task longer = new Task(
                working.taskId(),
                working.sessionId(),
                TaskState.INTERRUPTED,
                working.prompt(),
                working.model(),
                working.source(),
                working.sourceRef(),
                working.createdAt(),
                working.startedAt(),
                working.createdAt(),
                working.durationSeconds(),
                working.exitCode(),
                "x".repeat(5000),
                working.error(),
                working.usage(),
                working.costUsd(),
                working.numTurns(),
                working.attempts(),
                working.steps(),
                working.sandbox());
        store.save(longer);
        store.save(working);

        assertThat(open().find("t1")).contains(working);
        assertThat(names(dir())).containsExactly("t1.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("t1.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void taskJsonRoundTripsExactly() throws IOException {
        Task task = TestTasks.everyField("7f9c2a4e-1b3d-4c5e-8f60-123456789abc");
        open().save(task);

        Task loaded = open().find(task.taskId()).orElseThrow();

        assertThat(loaded).isEqualTo(task);
        assertThat(loaded.costUsd()).isEqualTo(0.1 + 0.2);
        JsonNode json = mapper.readTree(dir().resolve(task.taskId() + ".json").toFile());
        assertThat(json.get("task_id").asText()).isEqualTo(task.taskId());
        assertThat(json.get("created_at").asText()).isEqualTo("2026-03-01T10:00:00.123456789Z");
        assertThat(json.get("usage").get("cache_read_input_tokens").asLong()).isEqualTo(3);
        assertThat(json.get("error").get("type").asText()).isEqualTo("max_turns");
        assertThat(json.get("steps").get(2).get("is_error").asBoolean()).isTrue();
        assertThat(json.get("steps").get(2).get("input_preview").asText()).hasSize(Step.PREVIEW_LIMIT);
    }

    @Test
    void filesAreOwnerOnly() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("t1", 0));
        store.saveStream("t1", List.of("{}"));

        for (String name : List.of("t1.json", "t1.stream.jsonl")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve(name))))
                    .isEqualTo("rw-------");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "/x", "a/b", "a.b", "running", "", " t", "t\n", "-t", "é", "\u0000"})
    void refusesTaskIdsThatAreNotSafeFileNames(String taskId) throws IOException {
        HistoryStore store = open();

        assertThatThrownBy(() -> store.save(TestTasks.working(taskId, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveStream(taskId, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(taskId)).isEmpty();
        assertThat(store.stream(taskId)).isEmpty();
        assertThat(names(dir())).isEmpty();
        assertThat(names(root)).containsExactly("agent");
    }

    @Test
    void refusesTaskIdsLongerThan128AndTasksWithoutCreationTime() throws IOException {
        HistoryStore store = open();
        store.save(TestTasks.working("a".repeat(128), 0));

        assertThatThrownBy(() -> store.save(TestTasks.working("a".repeat(129), 0)))
                .isInstanceOf(IllegalArgumentException.class);
        Task noCreatedAt = new Task(
                "t1",
                null,
                TaskState.QUEUED,
                "p",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> store.save(noCreatedAt)).isInstanceOf(IllegalArgumentException.class);
        assertThat(taskFiles()).containsExactly("a".repeat(128) + ".json");
    }

    @Test
    void concurrentSavesKeepMemoryAndDiskInStep() throws Exception {
        HistoryStore store = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        String id = "t" + thread + "-" + i;
                        store.save(TestTasks.working(id, i * 4L + thread));
                        assertThat(store.newestFirst().size()).isLessThanOrEqualTo(100);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.newestFirst()).hasSize(100);
        assertThat(taskFiles()).hasSize(100);
        assertThat(ids(open().newestFirst())).isEqualTo(ids(store.newestFirst()));
    }

    @Test
    void loadsAHundredFullTasksInOnePass() throws IOException {
        HistoryStore store = open();
        List<Step> steps = IntStream.range(0, 40)
                .mapToObj(
                        i -> Step.toolCall("Bash", "command " + "x".repeat(180)).withResult("y".repeat(200), false))
                .toList();
        for (int i = 0; i < 100; i++) {
            Task base = TestTasks.everyField("task-" + i);
            store.save(new Task(
                    base.taskId(),
                    base.sessionId(),
                    base.state(),
                    base.prompt(),
                    base.model(),
                    base.source(),
                    base.sourceRef(),
                    base.createdAt().plusSeconds(i),
                    base.startedAt(),
                    base.completedAt(),
                    base.durationSeconds(),
                    base.exitCode(),
                    base.output(),
                    base.error(),
                    base.usage(),
                    base.costUsd(),
                    base.numTurns(),
                    base.attempts(),
                    steps,
                    null));
        }

        long start = System.nanoTime();
        HistoryStore reopened = open();
        long millis = (System.nanoTime() - start) / 1_000_000;

        log.info("Opened a history of 100 tasks with 40 steps each in {} ms", millis);
        assertThat(reopened.newestFirst()).hasSize(100);
        assertThat(reopened.newestFirst().get(0).steps()).hasSize(40);
    }

    private List<String> taskFiles() throws IOException {
        return names(dir()).stream().filter(n -> n.endsWith(".json")).toList();
    }

    private List<String> streamFiles() throws IOException {
        return names(dir()).stream().filter(n -> n.endsWith(".stream.jsonl")).toList();
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> ids(List<Task> tasks) {
        return tasks.stream().map(Task::taskId).toList();
    }
}
