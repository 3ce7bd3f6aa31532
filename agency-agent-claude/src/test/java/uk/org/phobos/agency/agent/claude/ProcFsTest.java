package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading /proc: a stand-in tree for the cases, and this very process for the real format. */
class ProcFsTest {
    private static final String MARKER = ProcessIdentity.RUN_ID_VARIABLE + "=run-1";

    @TempDir
    Path proc;

    @Test
    void readsStateGroupAndStartTimeEvenWhenTheNameHoldsSpacesAndParentheses() {
        assertThat(parse("4242 (a) b) (c) S 1 4240 4240 0 -1 4194560 10 0 0 0 3 1 0 0 20 0 1 0 98765 1000 10"))
                .contains(new ProcFs.Stat('S', 4240, 98765));
        assertThat(parse("7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 -5 1 0 12 0 0"))
                .hasValueSatisfying(stat -> {
                    assertThat(stat.running()).isFalse();
                    assertThat(stat.startTicks()).isEqualTo(12);
                });
        assertThat(parse("no parentheses here")).isEmpty();
        assertThat(parse("9 (cut) S 1 9")).isEmpty();
        assertThat(parse("9 (bad) S 1 x 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 12 0 0"))
                .isEmpty();
    }

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();

        Optional<ProcFs.Stat> stat = new ProcFs().stat(self);

        assertThat(stat).isPresent();
        assertThat(stat.get().running()).isTrue();
        assertThat(stat.get().startTicks()).isPositive();
        assertThat(new ProcFs().processGroup(self)).isPresent();
    }

    @Test
    void findsTheGroupsMembersAndTheMarkedProcessesForkedSinceTheRunStarted() throws IOException {
        process(10, 'S', 10, 500, MARKER); // the leader
        process(11, 'S', 10, 510, "PATH=/bin"); // in its group
        process(12, 'Z', 10, 520, MARKER); // a zombie: not running
        process(13, 'S', 13, 530, "A=b", MARKER, "C=d"); // left the group, still marked
        process(14, 'S', 14, 540, MARKER + "-and-more"); // another run's id that starts alike
        process(15, 'S', 15, 400, MARKER); // forked before the run: not looked at
        process(16, 'S', 16, 600, "PATH=/bin"); // someone else's
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("uptime"), "1 2\n");

        ProcFs procFs = new ProcFs(proc.toFile());

        assertThat(procFs.runningMembersOrMarked(10, MARKER, 500, -1)).containsExactlyInAnyOrder(10L, 11L, 13L);
        assertThat(procFs.runningMembersOrMarked(10, MARKER, 0, -1)).containsExactlyInAnyOrder(10L, 11L, 13L, 15L);
        assertThat(procFs.runningMembersOrMarked(0, MARKER, 500, -1)).containsExactlyInAnyOrder(10L, 13L);
        assertThat(procFs.runningMembersOrMarked(10, null, 0, -1)).containsExactlyInAnyOrder(10L, 11L);
        assertThat(procFs.runningMembersOrMarked(10, MARKER, 500, 11)).containsExactlyInAnyOrder(10L, 13L);
    }

    @Test
    void aProcessThatIsGoneOrUnreadableIsNotFound() throws IOException {
        process(20, 'S', 20, 500, MARKER);
        Files.createDirectories(proc.resolve("21")); // exited between the listing and the read
        process(22, 'S', 22, 500); // its environment cannot be read
        Files.delete(proc.resolve("22").resolve("environ"));

        assertThat(new ProcFs(proc.toFile()).runningMembersOrMarked(21, MARKER, 0, -1))
                .containsExactly(20L);
    }

    @Test
    void aMarkedProcessCaughtInTheMiddleOfExecIsFoundOnceItsEnvironmentIsThere() throws IOException {
        process(30, 'R', 30, 500); // left the group; its environ reads empty while it execs
        List<Long> pauses = new ArrayList<>();
        ProcFs procFs = new ProcFs(proc.toFile(), nanos -> {
            pauses.add(nanos);
            if (pauses.size() == 2) { // the exec has finished
                write(proc.resolve("30").resolve("environ"), "A=b\0" + MARKER + "\0");
            }
        });

        assertThat(procFs.runningMembersOrMarked(10, MARKER, 500, -1)).containsExactly(30L);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void anEnvironmentThatStaysEmptyIsReadABoundedNumberOfTimesAndKernelThreadsOnce() throws IOException {
        process(31, 'S', 31, 500); // a user process started with no environment at all
        process(32, 'S', 0, 500); // a kernel thread: group 0, never an environment
        List<Long> pauses = new ArrayList<>();
        ProcFs procFs = new ProcFs(proc.toFile(), pauses::add);

        assertThat(procFs.runningMembersOrMarked(10, MARKER, 500, -1)).isEmpty();
        assertThat(pauses).hasSize(7);
        assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isLessThan(20_000_000L);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<ProcFs.Stat> parse(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return ProcFs.parseStat(bytes, bytes.length);
    }

    private void process(long pid, char state, long pgid, long startTicks, String... environment) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(
                dir.resolve("stat"),
                pid + " (fake " + pid + ") " + state + " 1 " + pgid + " " + pgid
                        + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 1000 10 18446744073709551615\n");
        StringBuilder environ = new StringBuilder();
        for (String entry : environment) {
            environ.append(entry).append('\0');
        }
        Files.writeString(dir.resolve("environ"), environ);
    }
}
