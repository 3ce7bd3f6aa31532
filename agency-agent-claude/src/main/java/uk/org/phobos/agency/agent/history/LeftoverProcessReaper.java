package uk.org.phobos.agency.agent.history;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;

/**
 * Ends what the CLI of a killed agent left running, and nothing else.
 *
 * <p>A pid alone is not enough: after the agent died, the CLI may have exited and its pid been
 * given to an unrelated process. So a process counts as the same only if its start instant, as
 * {@link ProcessHandle.Info#startInstant()} reports it, equals the recorded one to the millisecond.
 * On Linux that instant is the boot time (whole seconds, {@code /proc/stat}) plus the start time in
 * clock ticks (10 ms); measured on this machine it is the same value in every call and in every
 * JVM, so equality is exact in practice, and a recycled pid would need to start within the same
 * tick. Record the identity with {@link #identify(long)} (or from the same method of
 * {@link ProcessHandle}), never from {@code Instant.now()}. A clock step between the two JVMs moves
 * the boot time and makes the check refuse: the leftover then survives, which is the safe way to
 * fail.
 */
public final class LeftoverProcessReaper {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(3);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final Duration KILL_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;
    private static final Logger log = LoggerFactory.getLogger(LeftoverProcessReaper.class);

    private final Duration grace;
    private final ProcessGroupTable table;

    public LeftoverProcessReaper() {
        this(DEFAULT_GRACE);
    }

    /** {@code grace}: how long the group gets between SIGTERM and SIGKILL. */
    public LeftoverProcessReaper(Duration grace) {
        this.grace = Objects.requireNonNull(grace, "grace");
        this.table = new ProcessGroupTable(Path.of("/proc"));
    }

    /** The identity of a live process as {@link #endIfSameProcess} compares it, while it exists. */
    public Optional<ProcessIdentity> identify(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().startInstant())
                .map(started -> new ProcessIdentity(pid, started));
    }

    /**
     * If the process exists and started at the recorded instant, ends its process group (the CLI is
     * started as a group leader, so pgid == pid): SIGTERM, then SIGKILL to what is left after the
     * grace period. Returns whether anything was running to end.
     */
    public boolean endIfSameProcess(ProcessIdentity process) {
        Objects.requireNonNull(process, "process");
        // pid 0 and negative ids would make kill(2) mean "my own group" or "everything".
        if (process.pid() <= 1 || process.pid() == ProcessHandle.current().pid() || process.startedAt() == null) {
            return false;
        }
        Optional<Instant> started = identify(process.pid()).map(ProcessIdentity::startedAt);
        if (started.isEmpty()) {
            log.info("Leftover CLI process {} is gone", process.pid());
            return false;
        }
        if (!sameInstant(started.get(), process.startedAt())) {
            log.info(
                    "Pid {} now belongs to another process (started {}, recorded {}): leaving it alone",
                    process.pid(),
                    started.get(),
                    process.startedAt());
            return false;
        }
        long pgid = process.pid();
        if (table.groupOf(pgid).filter(group -> group != pgid).isPresent()) {
            // Not a group leader after all: its group is someone else's, so end only what descends from it.
            return endTree(process.pid());
        }
        List<Long> members = table.runningMembers(pgid);
        if (members.isEmpty()) {
            return false; // the leader is a zombie and nothing else of its group runs
        }
        log.warn("Ending process group {} left running by the previous agent: {}", pgid, members);
        signalGroup(pgid, "TERM");
        if (awaitGroupGone(pgid, grace)) {
            return true;
        }
        signalGroup(pgid, "KILL");
        if (!awaitGroupGone(pgid, AFTER_KILL)) {
            log.error("Process group {} still runs after SIGKILL: {}", pgid, table.runningMembers(pgid));
        }
        return true;
    }

    private static boolean sameInstant(Instant now, Instant recorded) {
        return now.truncatedTo(ChronoUnit.MILLIS).equals(recorded.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Signals the whole group with kill(2) on the negative pgid, through the {@code kill} command
     * because Java has no API for it. The kernel then reaches every member at once, also children
     * forked a moment ago and orphans re-parented away from the leader, which neither
     * {@link ProcessHandle#descendants()} nor a walk over {@code /proc} followed by one signal per
     * pid would catch reliably (both race with forks, and signalling single pids races with their
     * reuse). {@code /proc} is only read to see whether the group is empty.
     */
    private void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            if (!kill.waitFor(KILL_COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
            // A non-zero exit only means that the group emptied meanwhile.
        } catch (IOException e) {
            log.warn("Cannot run kill ({}); signalling the members of group {} one by one", e.toString(), pgid);
            for (long member : table.runningMembers(pgid)) {
                ProcessHandle.of(member).ifPresent(handle -> {
                    if ("KILL".equals(signal)) {
                        handle.destroyForcibly();
                    } else {
                        handle.destroy();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitGroupGone(long pgid, Duration timeout) {
        return awaitNoneRunning(() -> table.runningMembers(pgid), timeout);
    }

    private boolean endTree(long pid) {
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isEmpty() || !table.isRunning(pid)) {
            return false;
        }
        List<ProcessHandle> tree =
                Stream.concat(root.stream(), root.get().descendants()).toList();
        Supplier<List<Long>> running = () ->
                tree.stream().map(ProcessHandle::pid).filter(table::isRunning).toList();
        log.warn("Ending process {} left running by the previous agent, and its descendants: {}", pid, running.get());
        tree.forEach(ProcessHandle::destroy);
        if (!awaitNoneRunning(running, grace)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitNoneRunning(running, AFTER_KILL);
        }
        return true;
    }

    private static boolean awaitNoneRunning(Supplier<List<Long>> running, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!running.get().isEmpty()) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
