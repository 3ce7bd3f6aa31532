package uk.org.phobos.agency.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes files so that a crash never leaves a torn one: a temp file in the same folder, fsync,
 * rename over the target, fsync of the folder.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * How hard a write tries to survive. Either way a reader sees the old content or the new, never
     * a torn file.
     */
    public enum Durability {
        /** On disk before the call returns (fsync of the file and of its folder): survives a power loss. */
        DURABLE,
        /**
         * In the kernel's page cache when the call returns: survives the process being killed at any
         * moment, but a power loss may bring back the previous content. For state whose loss after a
         * power cut costs little (a debug stream, a process id that died with the machine anyway).
         */
        CRASH_SAFE
    }

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code content}, durably. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, false, Durability.DURABLE);
    }

    /** Replaces {@code target} with {@code content}, durably, readable and writable by the owner only (0600). */
    public static void writeSecret(Path target, byte[] content) throws IOException {
        write(target, content, true, Durability.DURABLE);
    }

    /** Replaces {@code target} with {@code content} (0600) as durably as asked. */
    public static void writeSecret(Path target, byte[] content, Durability durability) throws IOException {
        write(target, content, true, durability);
    }

    /** Replaces {@code target} with {@code content} as durably as asked. */
    public static void write(Path target, byte[] content, Durability durability) throws IOException {
        write(target, content, false, durability);
    }

    private static void write(Path target, byte[] content, boolean secret, Durability durability) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = writeTemp(dir, target, content, secret, durability);
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durability == Durability.DURABLE) {
                syncDirectory(dir);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates {@code target} with {@code content} only if it does not exist yet, atomically: of two
     * processes racing, exactly one wins and the other sees {@link java.nio.file.FileAlreadyExistsException}.
     */
    public static void createSecret(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = writeTemp(dir, target, content, true, Durability.DURABLE);
        try {
            // A hard link fails when the target exists, which makes creation race-free.
            Files.createLink(target, temp);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path writeTemp(Path dir, Path target, byte[] content, boolean secret, Durability durability)
            throws IOException {
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(secret))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durability == Durability.DURABLE) {
                if (durability == Durability.DURABLE) {
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static FileAttribute<?>[] attributes(boolean secret) {
        if (secret && supportsPosix()) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }

    private static boolean supportsPosix() {
        return java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix");
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a folder; the rename itself is still atomic.
        }
    }
}
