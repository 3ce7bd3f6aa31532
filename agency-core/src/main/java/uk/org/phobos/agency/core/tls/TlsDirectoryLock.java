package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive hold on {@code tls/.lock}, across processes (an OS file lock) and across threads of this
 * process.
 *
 * <p>The in-process guard has to be process-wide because file locks are: a second
 * {@link FileChannel#lock()} from the same JVM throws {@link java.nio.channels.OverlappingFileLockException}
 * instead of waiting, and closing any channel on the file may drop the lock another thread holds (POSIX
 * record-lock semantics). So a thread first takes the in-process lock, and only then opens the channel.
 */
final class TlsDirectoryLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> HOLDERS_IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock inProcess;
    private final FileChannel channel;
    private final FileLock fileLock;

    private TlsDirectoryLock(ReentrantLock inProcess, FileChannel channel, FileLock fileLock) {
        this.inProcess = inProcess;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the lock of {@code tls}; creates the folder when missing. */
    static TlsDirectoryLock acquire(TlsDirectory tls) throws IOException {
        tls.create();
        Path lockFile = tls.dir().toRealPath().resolve(tls.lockFile().getFileName());
        ReentrantLock inProcess = HOLDERS_IN_THIS_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        if (inProcess.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds " + lockFile);
        }
        inProcess.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new TlsDirectoryLock(inProcess, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            inProcess.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            fileLock.release();
        } finally {
            inProcess.unlock();
        }
    }
}
