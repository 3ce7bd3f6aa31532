package uk.org.phobos.agency.agent.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Linux's {@code /proc} for what {@link ProcessHandle} cannot tell: process groups, the
 * environment a process started with, and whether it is a zombie. {@link ProcessHandle#isAlive()}
 * is true for zombies, and where init does not reap orphans a killed grandchild stays one for good.
 */
final class ProcFs {
    private final Path root;

    ProcFs() {
        this(Path.of("/proc"));
    }

    ProcFs(Path root) {
        this.root = root;
    }

    /**
     * The running (not zombie) processes that are members of group {@code pgid} (none if it is
     * 0) or whose environment holds the entry {@code marker} ("NAME=value"; none if null).
     */
    List<Long> runningMembersOrMarked(long pgid, String marker) {
        byte[] entry = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ProcFs::isPidDirectory)) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                Optional<Stat> stat = stat(pid);
                if (stat.isPresent()
                        && stat.get().running()
                        && ((pgid != 0 && stat.get().pgid() == pgid) || (entry != null && hasEntry(dir, entry)))) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + root, e);
        }
        return found;
    }

    /** Whether the process exists and is not a zombie; a reused pid does not count. */
    boolean isRunning(ProcessHandle process) {
        return process.isAlive() && stat(process.pid()).map(Stat::running).orElse(false);
    }

    private static boolean isPidDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Whether the NUL-separated {@code environ} holds exactly this entry. */
    private static boolean hasEntry(Path dir, byte[] entry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(dir.resolve("environ"));
        } catch (IOException e) {
            return false; // gone, or someone else's that we may not read
        }
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && regionEquals(environ, start, entry)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] bytes, int from, byte[] entry) {
        for (int j = 0; j < entry.length; j++) {
            if (bytes[from + j] != entry[j]) {
                return false;
            }
        }
        return true;
    }

    /** The process group of {@code pid}, while the process exists. */
    Optional<Long> processGroup(long pid) {
        return stat(pid).map(Stat::pgid);
    }

    private Optional<Stat> stat(long pid) {
        String line;
        try {
            line = Files.readString(root.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // it exited meanwhile
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and ')', so read from the last ')'.
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 2).split(" ", 4);
        if (fields.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record Stat(char state, long pgid) {
        boolean running() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }
}
