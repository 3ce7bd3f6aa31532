package uk.org.phobos.agency.agent.history;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw stream-json lines of the running task, appended to {@code <task_id>.stream.jsonl.part} in
 * the history folder as they arrive (owner-only), so that the agent holds none of them in memory and
 * an agent that dies leaves them on disk for {@link InterruptedTaskRecovery}. Made by {@link
 * HistoryStore#startStream}; once closed, {@link HistoryStore#keepPartialStream} makes it the task's
 * kept stream.
 *
 * <p>Best effort, never on the task's critical path: each line goes through a buffer that is
 * flushed to the kernel before {@link #append} returns, and is never fsynced. An agent killed at
 * any moment loses at most the line being written (recovery cuts off such a torn line); a power cut
 * may lose what the kernel had not yet written back. A line that cannot be written is logged once,
 * and the lines after it are dropped, the file cut back to its last whole line: the task runs on.
 *
 * <p>Thread-safe: the run's output thread appends while the task thread may close it; a line
 * appended after {@link #close} is dropped.
 */
public final class PartialStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartialStream.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private FileChannel channel;
    private OutputStream out;
    private long wholeLineBytes;

    private PartialStream(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.out = channel == null ? null : new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
    }

    /** Creates (or empties) {@code file}; one that cannot be created gives a stream that drops every line. */
    static PartialStream create(Path file) {
        try {
            FileChannel channel = FileChannel.open(
                    file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    ownerOnly());
            return new PartialStream(file, channel);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("Cannot create {}; the raw stream of this task is not kept: {}", file, e.toString());
            return new PartialStream(file, null);
        }
    }

    /** The file the lines go to. */
    public Path file() {
        return file;
    }

    /**
     * Appends one raw line (as read by a line reader, so holding no line break) and a newline, and
     * flushes it to the kernel.
     */
    public synchronized void append(String rawLine) {
        if (out == null) {
            return;
        }
        byte[] bytes = (rawLine + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            out.flush();
            wholeLineBytes += bytes.length;
        } catch (IOException e) {
            log.warn(
                    "Cannot append to {}; the raw stream of this task stops here (the task runs on): {}",
                    file,
                    e.toString());
            abandon();
        }
    }

    /** Whether lines are still being written: false once closed, or after a write failed. */
    public synchronized boolean isOpen() {
        return out != null;
    }

    /** Flushes and closes the file (no fsync); closing again does nothing. */
    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.flush(); // a no-op: every line was flushed as it came
        } catch (IOException e) {
            log.warn("Cannot write the end of {}: {}", file, e.toString());
            abandon();
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            log.warn("Cannot close {}: {}", file, e.toString());
        } finally {
            out = null;
            channel = null;
        }
    }

    /** Stops writing after a failure, cutting the file back to its last whole line. */
    private void abandon() {
        out = null;
        if (channel == null) {
            return;
        }
        try (FileChannel open = channel) {
            open.truncate(wholeLineBytes);
        } catch (IOException e) {
            log.warn("Cannot cut {} back to its last whole line: {}", file, e.toString());
        } finally {
            channel = null;
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
