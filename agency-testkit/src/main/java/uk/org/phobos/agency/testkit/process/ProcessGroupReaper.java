package uk.org.phobos.agency.testkit.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.testkit.Deadline;

/**
 * Ends a child started by {@link ProcessLauncher} together with everything it started: SIGTERM
 * to its process group, SIGKILL after a grace period. The descendants seen before the first
 * signal are signalled one by one as well, which catches those that left the group (a grandchild
 * that called setsid itself); orphans of an already dead child are caught by the group.
 */
final class ProcessGroupReaper {
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private final Duration grace;

    ProcessGroupReaper(Duration grace) {
        this.grace = grace;
    }

    /** Returns once the child and all of its group are gone; throws if SIGKILL did not do it. */
    void reap(Process child) {
        long pgid = child.pid(); // setsid made the child the leader of a group with its own id
        List<ProcessHandle> tree = child.descendants().toList();
        signalGroup(pgid, "TERM");
        // The group does not exist yet if setsid has not run: signal the child itself as well.
        child.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (gone(child, pgid, tree, grace)) {
            return;
        }
        signalGroup(pgid, "KILL");
        child.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        if (!gone(child, pgid, tree, AFTER_KILL)) {
            throw new IllegalStateException(
                    "Process group " + pgid + " still runs after SIGKILL: " + ProcessTable.runningMembers(pgid));
        }
    }

    private static boolean gone(Process child, long pgid, List<ProcessHandle> tree, Duration timeout) {
        return Deadline.after(timeout)
                .poll(() -> !child.isAlive()
                        && tree.stream().noneMatch(ProcessTable::isRunning)
                        && ProcessTable.runningMembers(pgid).isEmpty());
    }

    private static void signalGroup(long pgid, String signal) {
        if (ProcessTable.runningMembers(pgid).isEmpty()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
            // A non-zero exit only means the group emptied meanwhile.
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling process group " + pgid, e);
        }
    }
}
