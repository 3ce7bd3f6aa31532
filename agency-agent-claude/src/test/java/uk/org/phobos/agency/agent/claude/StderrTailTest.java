package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrTailTest {

    @Test
    void keepsEverythingThatFits() {
        assertThat(tailOf("short\n", 16)).isEqualTo("short\n");
        assertThat(tailOf("", 16)).isEmpty();
    }

    @Test
    void keepsTheLastBytesOfLongOutput() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(i).append('\n');
        }
        String tail = tailOf(text.toString(), 4096);

        assertThat(tail).hasSize(4096).endsWith("4998\n4999\n");
        assertThat(text.toString()).endsWith(tail);
    }

    @Test
    void dropsACharacterCutAtTheStart() {
        // "é" is two bytes in UTF-8; keep 5 bytes of "xé1234" (7 bytes): the é is cut in half.
        assertThat(tailOf("x\u00e91234", 5)).isEqualTo("1234");
        assertThat(tailOf("x\u00e91234", 6)).isEqualTo("\u00e91234");
    }

    private static String tailOf(String text, int capacity) {
        StderrTail tail = new StderrTail(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), capacity);
        tail.run();
        return tail.text();
    }
}
