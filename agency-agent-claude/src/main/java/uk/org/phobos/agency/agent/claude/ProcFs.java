package uk.org.phobos.agency.agent.claude;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Reads Linux's {@code /proc} for what {@link ProcessHandle} cannot tell: process groups, the
 * environment a process started with, when it was forked, and whether it is a zombie. {@link
 * ProcessHandle#isAlive()} is true for zombies, and where init does not reap orphans a killed
 * grandchild stays one for good.
 *
 * <p>A scan of every process is on the path of every run's end, so it reads each {@code stat} file
 * into one small buffer rather than through strings, and reads a process's {@code environ} (far
 * costlier: the kernel copies it out of the other process's memory) only for processes forked no
 * earlier than the run's leader: a process gets the run's id in its environment from a process of
 * the run (inherited, or handed to the program it runs), so it was forked after the leader.
 *
 * <p>A process in the middle of {@code execve} has an {@code environ} that reads empty: the kernel has
 * installed the new program's memory but not yet set where its environment lies. A run's background job
 * caught at that moment ({@code setsid cmd &}, which has left the group) would be missed, so an empty
 * {@code environ} of a user process is read again, for up to ~15 ms, before it counts as empty.
 */
final class ProcFs {
    private static final int STAT_BUFFER = 1024;
    private static final long FIRST_ENVIRON_PAUSE_NANOS = 200_000;
    private static final long MAX_ENVIRON_PAUSE_NANOS = 4_000_000;
    private static final int ENVIRON_READS = 8;

    private final File root;
    private final LongConsumer pause;

    ProcFs() {
        this(new File("/proc"));
    }

    ProcFs(File root) {
        this(root, LockSupport::parkNanos);
    }

    /** {@code pause}: how to wait the given nanoseconds between two reads of an empty {@code environ}. */
    ProcFs(File root, LongConsumer pause) {
        this.root = root;
        this.pause = pause;
    }

    /**
     * The running (not zombie) processes that are members of group {@code pgid} (none if it is
     * 0) or whose environment holds the entry {@code marker} ("NAME=value"; none if null). Only
     * processes forked at or after {@code forkedSinceTicks} (a {@link Stat#startTicks()}; 0 for
     * any) are looked at for the marker.
     */
    List<Long> runningMembersOrMarked(long pgid, String marker, long forkedSinceTicks) {
        return runningMembersOrMarked(
                pgid, marker, forkedSinceTicks, ProcessHandle.current().pid());
    }

    /** As above, never naming {@code self}, whose entry is not even read (the agent's own many threads make it costly). */
    List<Long> runningMembersOrMarked(long pgid, String marker, long forkedSinceTicks, long self) {
        byte[] entry = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        String[] names = root.list();
        if (names == null) {
            throw new IllegalStateException("Cannot list " + root);
        }
        List<Long> found = new ArrayList<>();
        byte[] buffer = new byte[STAT_BUFFER];
        for (String name : names) {
            long pid = parsePid(name);
            if (pid < 0 || pid == self) {
                continue;
            }
            Optional<Stat> stat = stat(pid, buffer);
            if (stat.isEmpty() || !stat.get().running()) {
                continue;
            }
            if ((pgid != 0 && stat.get().pgid() == pgid)
                    || (entry != null
                            && stat.get().startTicks() >= forkedSinceTicks
                            && hasEntry(pid, entry, stat.get().pgid() != 0))) {
                found.add(pid);
            }
        }
        return found;
    }

    /** Whether the process exists and is not a zombie; a reused pid does not count. */
    boolean isRunning(ProcessHandle process) {
        return process.isAlive() && stat(process.pid()).map(Stat::running).orElse(false);
    }

    /** The process group of {@code pid}, while the process exists. */
    Optional<Long> processGroup(long pid) {
        return stat(pid).map(Stat::pgid);
    }

    /** What {@code /proc/<pid>/stat} says, while the process exists. */
    Optional<Stat> stat(long pid) {
        return stat(pid, new byte[STAT_BUFFER]);
    }

    /** The pid a {@code /proc} entry names, -1 for an entry that is not a process. */
    private static long parsePid(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }

    /**
     * Whether the NUL-separated {@code environ} holds exactly this entry. An empty one of a user process (kernel
     * threads, group 0, have none) is read again a few times: the process may be in the middle of execve.
     */
    private boolean hasEntry(long pid, byte[] entry, boolean userProcess) {
        File file = new File(new File(root, Long.toString(pid)), "environ");
        long pauseNanos = FIRST_ENVIRON_PAUSE_NANOS;
        for (int read = 1; ; read++) {
            byte[] environ;
            try (InputStream in = new FileInputStream(file)) {
                environ = in.readAllBytes();
            } catch (IOException e) {
                return false; // gone, or someone else's that we may not read
            }
            if (environ.length > 0 || !userProcess || read == ENVIRON_READS) {
                return holds(environ, entry);
            }
            pause.accept(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, MAX_ENVIRON_PAUSE_NANOS);
        }
    }

    private static boolean holds(byte[] environ, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private Optional<Stat> stat(long pid, byte[] buffer) {
        int length = 0;
        try (InputStream in = new FileInputStream(new File(new File(root, Long.toString(pid)), "stat"))) {
            // One read returns the whole line (a few hundred bytes); the loop is for one handed out in parts.
            int n;
            while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
            }
        } catch (IOException e) {
            return Optional.empty(); // it exited meanwhile
        }
        return parseStat(buffer, length);
    }

    /**
     * Parses {@code "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
     * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime ..."}: comm
     * may hold spaces and ')', so the fields are counted from the last ')'.
     */
    static Optional<Stat> parseStat(byte[] line, int length) {
        int close = -1;
        for (int i = length - 1; i >= 0; i--) {
            if (line[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0 || close + 2 >= length) {
            return Optional.empty();
        }
        char state = (char) line[close + 2];
        long pgid = -1;
        long startTicks = -1;
        int field = 1; // counted from the state (0): 1 is the parent, 2 the group, 19 the start time
        long value = 0;
        boolean digits = false;
        for (int i = close + 4; i <= length && field <= 19; i++) {
            byte b = i < length ? line[i] : (byte) ' ';
            if (b == ' ' || b == '\n') {
                if (!digits) {
                    return Optional.empty();
                }
                if (field == 2) {
                    pgid = value;
                } else if (field == 19) {
                    startTicks = value;
                }
                field++;
                value = 0;
                digits = false;
            } else if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            } else if (b != '-') {
                return Optional.empty();
            }
        }
        if (pgid < 0 || startTicks < 0) {
            return Optional.empty();
        }
        return Optional.of(new Stat(state, pgid, startTicks));
    }

    /** A process's state letter, its group, and when it was forked (clock ticks since boot). */
    record Stat(char state, long pgid, long startTicks) {
        boolean running() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }
}
