package uk.org.phobos.agency.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads Linux's {@code /proc} for what {@link ProcessHandle} cannot tell: process groups, and
 * whether a process is a zombie. {@link ProcessHandle#isAlive()} says true for a zombie, and on
 * machines whose init does not reap orphans (this one's) a killed orphan stays a zombie, so tests
 * asking "is that grandchild gone?" should use {@link #isRunning(ProcessHandle)}.
 */
public final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {}

    /** Whether the process is alive and not a zombie. */
    public static boolean isRunning(ProcessHandle process) {
        // isAlive() also checks the start time, so a reused pid does not count.
        return process.isAlive() && stat(process.pid()).map(Stat::running).orElse(false);
    }

    /** The ids of the running (not zombie) processes in process group {@code pgid}. */
    public static List<Long> runningMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTable::isPidDirectory)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                stat(pid).filter(s -> s.pgid() == pgid && s.running()).ifPresent(s -> members.add(pid));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return members;
    }

    /**
     * The running (not zombie) processes whose environment holds {@code name=value}, such as every
     * process of one agent run ({@code AGENCY_RUN_ID}), wherever they are: in another process group,
     * or inside a sandbox's pid namespace. Processes whose environment cannot be read are skipped.
     */
    public static List<ProcessHandle> runningWithEnvironment(String name, String value) {
        byte[] wanted = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTable::isPidDirectory)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (environmentHolds(entry.resolve("environ"), wanted)) {
                    ProcessHandle.of(pid).filter(ProcessTable::isRunning).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return found;
    }

    /** The value of variable {@code name} in the environment of {@code process}, if it can be read. */
    public static Optional<String> environmentValue(ProcessHandle process, String name) {
        byte[] content;
        try {
            content = Files.readAllBytes(
                    PROC.resolve(Long.toString(process.pid())).resolve("environ"));
        } catch (IOException e) {
            return Optional.empty();
        }
        String prefix = name + "=";
        for (String entry : new String(content, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(prefix)) {
                return Optional.of(entry.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static boolean environmentHolds(Path environ, byte[] entry) {
        byte[] content;
        try {
            content = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false; // gone meanwhile, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == 0) {
                if (i - start == entry.length && Arrays.equals(content, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The process group of {@code pid}, while that process exists. */
    public static Optional<Long> processGroup(long pid) {
        return stat(pid).map(Stat::pgid);
    }

    private static boolean isPidDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Optional<Stat> stat(long pid) {
        String line;
        try {
            line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse from the last ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ", -1);
        return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
    }

    private record Stat(char state, long pgid) {
        boolean running() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }
}
