package uk.org.phobos.agency.agent.claude;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Drains a process's stderr, keeping only its last bytes: what a failure message shows. */
final class StderrTail implements Runnable {
    private final InputStream in;
    private final byte[] ring;
    private long written;

    StderrTail(InputStream in, int capacity) {
        this.in = in;
        this.ring = new byte[capacity];
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        try (in) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // The pipe broke because the process was killed: the output ends here.
        }
    }

    private synchronized void append(byte[] chunk, int length) {
        // Bytes that would be overwritten within this chunk are skipped, but still count.
        int from = Math.max(0, length - ring.length);
        written += from;
        for (int i = from; i < length; i++) {
            ring[(int) (written++ % ring.length)] = chunk[i];
        }
    }

    /** The tail so far as text; a UTF-8 character cut at its start is dropped. */
    synchronized String text() {
        byte[] tail;
        if (written <= ring.length) {
            tail = Arrays.copyOf(ring, (int) written);
        } else {
            int start = (int) (written % ring.length);
            tail = new byte[ring.length];
            System.arraycopy(ring, start, tail, 0, ring.length - start);
            System.arraycopy(ring, 0, tail, ring.length - start, start);
        }
        int from = 0;
        while (from < tail.length && (tail[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(tail, from, tail.length - from, StandardCharsets.UTF_8);
    }
}
