package uk.org.phobos.agency.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventReaderTest {
    @Test
    void readsIdsNamesMultiLineDataAndSkipsComments() throws Exception {
        String stream = ": keep-alive\n\n"
                + "id: 1\nevent: text\ndata: {\"a\":1}\n\n"
                + "data: line one\ndata: line two\n\n"
                + "id: 3\nevent: end\ndata:{}\n\n";
        List<ServerSentEvent> events = new ArrayList<>();

        String last = ServerSentEventReader.read(new BufferedReader(new StringReader(stream)), null, events::add);

        assertThat(events)
                .containsExactly(
                        new ServerSentEvent("1", "text", "{\"a\":1}"),
                        new ServerSentEvent("1", "message", "line one\nline two"),
                        new ServerSentEvent("3", "end", "{}"));
        assertThat(last).isEqualTo("3");
    }

    @Test
    void stopsWhenTheHandlerSaysSo() throws Exception {
        String stream = "id: 1\ndata: a\n\nid: 2\ndata: b\n\n";
        List<ServerSentEvent> events = new ArrayList<>();

        String last = ServerSentEventReader.read(new BufferedReader(new StringReader(stream)), "0", event -> {
            events.add(event);
            return false;
        });

        assertThat(events).hasSize(1);
        assertThat(last).isEqualTo("1");
    }
}
