package uk.org.phobos.agency.cli.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec();

    @Test
    void readsObjectsWithTypedLenientGetters() {
        JsonObject json = codec.parseObject(bytes("{\"s\":\"text\",\"n\":42,\"d\":0.000105,\"b\":true,\"z\":null,"
                + "\"o\":{\"x\":1},\"a\":[1,\"two\",{\"k\":\"v\"}],\"t\":\"2026-01-01T00:00:00Z\"}"));

        assertThat(json.string("s")).isEqualTo("text");
        assertThat(json.integer("n")).isEqualTo(42);
        assertThat(json.decimal("d")).isEqualTo(0.000105);
        assertThat(json.bool("b")).isTrue();
        assertThat(json.has("z")).isFalse();
        assertThat(json.object("o").whole("x")).isEqualTo(1L);
        assertThat(json.array("a")).hasSize(3);
        assertThat(json.objects("a"))
                .singleElement()
                .satisfies(o -> assertThat(o.string("k")).isEqualTo("v"));
        assertThat(json.instant("t")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(json.string("n")).isNull();
        assertThat(json.integer("s")).isNull();
        assertThat(json.array("missing")).isEmpty();
        assertThat(json.instant("s")).isNull();
    }

    @Test
    void writesBackWhatItReadKeepingOrderAndDecimals() {
        String text = "{\"b\":1,\"a\":[true,null,\"x\"],\"cost\":0.000105,\"big\":123456789012345678901234567890}";

        assertThat(new String(codec.write(codec.parse(bytes(text))), StandardCharsets.UTF_8))
                .isEqualTo(text);
    }

    @Test
    void writesMapsListsAndNumbers() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "say \"hi\"\n");
        body.put("timeout_seconds", 90);
        body.put("env", Map.of("K", "V"));
        body.put("list", List.of(1.5, false));

        assertThat(new String(codec.write(body), StandardCharsets.UTF_8))
                .isEqualTo("{\"prompt\":\"say \\\"hi\\\"\\n\",\"timeout_seconds\":90,\"env\":{\"K\":\"V\"},"
                        + "\"list\":[1.5,false]}");
    }

    @Test
    void refusesWhatIsNotOneJsonObject() {
        assertThatThrownBy(() -> codec.parseObject(bytes("[1]"))).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> codec.parse(bytes("{\"a\":"))).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> codec.parse(bytes("{} {}"))).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> codec.parse(bytes(""))).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> codec.parse(bytes("<html>"))).isInstanceOf(JsonException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
