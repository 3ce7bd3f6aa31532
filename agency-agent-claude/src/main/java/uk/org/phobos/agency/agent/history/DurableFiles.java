package uk.org.phobos.agency.agent.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * Durable writes of the two files on a task's critical path (the running marker before the 201,
 * the finished task before its end is seen), at the cost of one data sync and one folder sync.
 *
 * <p>Both files normally get a name that does not exist yet: the marker is removed when a task
 * ends, and a task reaches the history only when it ends. Such a file is created under its final
 * name (exclusively, owner-only), written, {@code fdatasync}ed, and then its folder is synced so that
 * the new name survives a power cut too. Against {@link AtomicFiles} (a temp file, {@code fsync},
 * a rename over the target, a folder sync) this saves a file-system journal commit (and, on ext4, the
 * writeback a rename over an existing file forces); measured in {@code bench/README.md}.
 *
 * <p>What a crash can leave differs: until this returns, the file may be missing, empty or torn,
 * never a whole older state, because there was none. Callers make this returning the moment the
 * write counts (the 201 is sent, the end is published), so a crash before it loses only something
 * nobody was told about, and a reader treats an empty or torn file as never written: {@link
 * RunningTaskMarker#read} ignores it, {@link HistoryDirectory} drops an empty task file and sets a
 * torn one aside. A file that exists already is replaced atomically through {@link AtomicFiles}.
 */
final class DurableFiles {
    private DurableFiles() {}

    /** Writes {@code content} to {@code target} (0600), durably; see the class comment. */
    static void writeSecret(Path target, byte[] content) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly());
        } catch (FileAlreadyExistsException e) {
            AtomicFiles.writeSecret(target, content);
            return;
        }
        try (FileChannel open = channel) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
            // fdatasync: the data and the size, which is all of a new file's metadata that reading it needs.
            open.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a folder (AtomicFiles skips it there too).
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            };
        }
        return new FileAttribute<?>[0];
    }
}
