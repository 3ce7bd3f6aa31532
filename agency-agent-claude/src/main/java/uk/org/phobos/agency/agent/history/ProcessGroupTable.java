package uk.org.phobos.agency.agent.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which processes of a process group still run, from Linux's {@code /proc}. {@link ProcessHandle}
 * knows neither process groups nor zombies (it calls a zombie alive), and a killed orphan stays a
 * zombie where PID 1 does not reap. Without {@code /proc} it falls back to the group leader and its
 * descendants as {@link ProcessHandle} sees them.
 */
final class ProcessGroupTable {
    private final Path proc;

    ProcessGroupTable(Path proc) {
        this.proc = proc;
    }

    /** The ids of the running (not zombie) members of group {@code pgid}. */
    List<Long> runningMembers(long pgid) {
        if (!Files.isDirectory(proc)) {
            return ProcessHandle.of(pgid)
                    .map(leader -> Stream.concat(Stream.of(leader), leader.descendants())
                            .filter(ProcessHandle::isAlive)
                            .map(ProcessHandle::pid)
                            .toList())
                    .orElse(List.of());
        }
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcessGroupTable::isPidDirectory)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                stat(pid).filter(s -> s.pgid() == pgid && s.running()).ifPresent(s -> members.add(pid));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc, e);
        }
        return members;
    }

    /** Whether {@code pid} exists and is not a zombie. */
    boolean isRunning(long pid) {
        if (!Files.isDirectory(proc)) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return stat(pid).map(Stat::running).orElse(false);
    }

    /** The process group of {@code pid} while that process exists (also as a zombie). */
    Optional<Long> groupOf(long pid) {
        if (!Files.isDirectory(proc)) {
            return Optional.empty();
        }
        return stat(pid).map(Stat::pgid);
    }

    private static boolean isPidDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private Optional<Stat> stat(long pid) {
        String line;
        try {
            line = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // the process is gone
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and ')', so read on from the last ')'.
        int end = line.lastIndexOf(')');
        if (end < 0 || end + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] fields = line.substring(end + 2).split(" ", 4);
        if (fields.length < 3) {
            return Optional.empty();
        }
        return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
    }

    private record Stat(char state, long pgid) {
        boolean running() {
            // Z: zombie, X/x: dead; whatever else still runs or could run again.
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }
}
