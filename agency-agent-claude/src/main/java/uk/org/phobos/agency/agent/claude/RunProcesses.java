package uk.org.phobos.agency.agent.claude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes one run consists of, found afresh on each call: the members of its process
 * group, the processes that carry its marker in their environment, and the descendants seen when
 * it was stopped. The marker is what finds a tool's command that the CLI started in a session of
 * its own and that outlived the shell it ran in: such a process is in no group of ours and, its
 * parent gone, no descendant either.
 */
final class RunProcesses {
    private final ProcFs procFs;
    private final long pgid;
    private final String marker;
    private final long forkedSinceTicks;
    private volatile List<ProcessHandle> strays = List.of();

    /**
     * {@code pgid} 0: no group to look at; {@code marker} null: no marker; {@code forkedSinceTicks}:
     * when the run's leader was forked ({@link ProcFs.Stat#startTicks()}), 0 when not known: only
     * processes forked since are looked at for the marker.
     */
    RunProcesses(ProcFs procFs, long pgid, String marker, long forkedSinceTicks) {
        this.procFs = procFs;
        this.pgid = pgid;
        this.marker = marker;
        this.forkedSinceTicks = forkedSinceTicks;
    }

    /** The group to signal as a whole, 0 if none. */
    long pgid() {
        return pgid;
    }

    /** Remembers the descendants of a process that is still running, before it is signalled. */
    void rememberDescendantsOf(ProcessHandle leader) {
        strays = leader.descendants().toList();
    }

    /** What of the run is running now (zombies do not count). */
    List<ProcessHandle> running() {
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        // The agent itself is never one of them (ProcFs skips it).
        for (long pid : procFs.runningMembersOrMarked(pgid, marker, forkedSinceTicks)) {
            ProcessHandle.of(pid).ifPresent(p -> found.put(pid, p));
        }
        for (ProcessHandle stray : strays) {
            if (procFs.isRunning(stray)) {
                found.putIfAbsent(stray.pid(), stray);
            }
        }
        return List.copyOf(found.values());
    }
}
