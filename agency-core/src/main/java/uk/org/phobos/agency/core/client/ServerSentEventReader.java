package uk.org.phobos.agency.core.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Predicate;

/** Reads the {@code text/event-stream} format line by line and hands each complete event on. */
public final class ServerSentEventReader {
    private ServerSentEventReader() {}

    /** Reads until the stream ends or {@code handler} returns false; returns the id of the last event. */
    public static String read(BufferedReader reader, String lastId, Predicate<ServerSentEvent> handler)
            throws IOException {
        String id = lastId;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    ServerSentEvent complete =
                            new ServerSentEvent(id, event == null ? "message" : event, data.toString());
                    if (!handler.test(complete)) {
                        return id;
                    }
                }
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue; // comment, e.g. a keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // "retry" and unknown fields are ignored, as the format says
                }
            }
        }
        return id;
    }
}
