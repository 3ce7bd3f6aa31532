package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.Task;

class RunningTaskMarkerTest {
    private final ObjectMapper mapper = AgencyJson.newMapper();

    @TempDir
    Path dir;

    private RunningTaskMarker marker() {
        return new RunningTaskMarker(dir.resolve(RunningTaskMarker.FILE_NAME), mapper);
    }

    @Test
    void readsTheTaskAndItsProcess() throws IOException {
        RunningTaskMarker marker = marker();
        Task task = TestTasks.everyField("t1");
        ProcessIdentity process = new ProcessIdentity(4242, Instant.parse("2026-03-01T10:00:01.230Z"));

        marker.taskStarted(task);
        assertThat(marker.read()).contains(new LeftoverRun(task, Optional.empty()));

        marker.processStarted(process);
        assertThat(marker.read()).contains(new LeftoverRun(task, Optional.of(process)));
    }

    @Test
    void aLaterRunReplacesTheProcess() throws IOException {
        RunningTaskMarker marker = marker();
        Task task = TestTasks.working("t1", 0);
        marker.taskStarted(task);
        marker.processStarted(new ProcessIdentity(100, Instant.parse("2026-03-01T10:00:01Z")));

        ProcessIdentity second = new ProcessIdentity(200, Instant.parse("2026-03-01T10:00:09.990Z"));
        marker.processStarted(second);

        assertThat(marker.read()).contains(new LeftoverRun(task, Optional.of(second)));
    }

    @Test
    void clearLeavesNothing() throws IOException {
        RunningTaskMarker marker = marker();
        marker.taskStarted(TestTasks.working("t1", 0));
        marker.processStarted(new ProcessIdentity(100, Instant.EPOCH));

        marker.clear();

        assertThat(marker.read()).isEmpty();
        assertThat(marker.file()).doesNotExist();
        assertThatThrownBy(() -> marker.processStarted(new ProcessIdentity(1, Instant.EPOCH)))
                .isInstanceOf(IllegalStateException.class);
        marker.clear();
    }

    @Test
    void survivesTheAgent() throws IOException {
        Task task = TestTasks.working("t1", 0);
        // Nanoseconds and a start instant in clock ticks must both come back exactly.
        ProcessIdentity process = new ProcessIdentity(31337, Instant.parse("2026-03-01T10:00:01.123456789Z"));
        RunningTaskMarker before = marker();
        before.taskStarted(task);
        before.processStarted(process);

        RunningTaskMarker after = marker();

        assertThat(after.read()).contains(new LeftoverRun(task, Optional.of(process)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(after.file())))
                .isEqualTo("rw-------");
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("running.json");
        }
    }

    @Test
    void clearingAfterATaskLeavesTheNextTasksMarker() throws IOException {
        // The next task may start as soon as the last one is seen to end, before its marker is cleared.
        RunningTaskMarker marker = marker();
        marker.taskStarted(TestTasks.working("t1", 0));
        Task next = TestTasks.working("t2", 1);
        marker.taskStarted(next);

        marker.clear("t1");

        assertThat(marker.read()).contains(new LeftoverRun(next, Optional.empty()));
        marker.clear("t2");
        assertThat(marker.file()).doesNotExist();
    }

    @Test
    void aProcessRecordedLateNeitherBringsBackAClearedMarkerNorTouchesTheNextTasks() throws IOException {
        RunningTaskMarker marker = marker();
        ProcessIdentity process = new ProcessIdentity(100, Instant.parse("2026-03-01T10:00:01Z"), "run-1");
        marker.taskStarted(TestTasks.working("t1", 0));
        assertThat(marker.processStarted("t1", process)).isTrue();
        marker.clear("t1");

        assertThat(marker.processStarted("t1", process)).isFalse();
        assertThat(marker.file()).doesNotExist();

        Task next = TestTasks.working("t2", 1);
        marker.taskStarted(next);
        assertThat(marker.processStarted("t1", process)).isFalse();
        assertThat(marker.read()).contains(new LeftoverRun(next, Optional.empty()));
    }

    @Test
    void anEmptyMarkerLeftByACrashBeforeTheTaskWasAcceptedIsIgnoredAndReplaced() throws IOException {
        // An agent killed between creating the file and syncing it never answered the POST.
        Files.createFile(dir.resolve(RunningTaskMarker.FILE_NAME));
        RunningTaskMarker marker = marker();
        assertThat(marker.read()).isEmpty();

        Task task = TestTasks.working("t1", 0);
        marker.taskStarted(task);

        assertThat(marker().read()).contains(new LeftoverRun(task, Optional.empty()));
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("running.json");
        }
    }

    @Test
    void anUnreadableMarkerReadsAsEmpty() throws IOException {
        Files.writeString(dir.resolve(RunningTaskMarker.FILE_NAME), "{\"task\":");
        assertThat(marker().read()).isEmpty();

        Files.writeString(dir.resolve(RunningTaskMarker.FILE_NAME), "{\"process\":{\"pid\":5}}");
        assertThat(marker().read()).isEmpty();
    }

    @Test
    void theHistoryLeavesAMarkerInItsFolderAlone() throws IOException {
        RunningTaskMarker marker = marker();
        Task task = TestTasks.working("t1", 0);
        marker.taskStarted(task);

        HistoryStore history = HistoryStore.open(dir, mapper, 100, 20);

        assertThat(history.newestFirst()).isEmpty();
        assertThat(marker.read()).contains(new LeftoverRun(task, Optional.empty()));
    }
}
