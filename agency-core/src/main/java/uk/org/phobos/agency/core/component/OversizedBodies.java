package uk.org.phobos.agency.core.component;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops the rest of a body that is too large, up to a cap, before the 413 goes out.
 * Many clients (the JDK's HttpClient among them) finish sending before they read the answer; a
 * server that closes on them mid-upload leaves them with a broken connection instead of the
 * error envelope. Past the cap the connection is closed anyway.
 */
final class OversizedBodies {
    static final long DISCARD_CAP_BYTES = 16L * 1024 * 1024;

    private OversizedBodies() {}

    static void discard(Context ctx) {
        long length = ctx.contentLength();
        if (length > DISCARD_CAP_BYTES) {
            ctx.header("Connection", "close");
            return;
        }
        byte[] sink = new byte[64 * 1024];
        long dropped = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            int read;
            while (dropped <= DISCARD_CAP_BYTES && (read = in.read(sink)) >= 0) {
                dropped += read;
            }
        } catch (IOException e) {
            // the client gave up; the 413 may not reach it, and nothing else is to be done
        }
        if (dropped > DISCARD_CAP_BYTES) {
            ctx.header("Connection", "close");
        }
    }
}
