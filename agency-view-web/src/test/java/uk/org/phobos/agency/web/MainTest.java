package uk.org.phobos.agency.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.service.AgencyCommandLine;

class MainTest {
    private static Main parsed(String... args) {
        Main main = new Main(Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        AgencyCommandLine.of(main).parseArgs(args);
        return main;
    }

    @Test
    void bothSidesStayOnLoopbackByDefault() {
        WebSettings settings = parsed().settings(WebConfig.EMPTY);

        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(Main.internalService(settings).bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void bindMovesTheBrowserSideButTheInternalApiStaysOnLoopback() {
        WebSettings settings = parsed("--bind", "0.0.0.0").settings(WebConfig.EMPTY);

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.internalBind()).isEqualTo("127.0.0.1");
        assertThat(Main.internalService(settings).bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void onlyInternalBindMovesTheInternalApi() {
        WebSettings settings = parsed("--internal-bind", "192.168.1.20").settings(WebConfig.EMPTY);

        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(Main.internalService(settings).bind()).isEqualTo("192.168.1.20");
    }
}
