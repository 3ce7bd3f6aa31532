package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ComponentUrlConverterTest {
    private final ComponentUrlConverter converter = new ComponentUrlConverter();

    @Test
    void acceptsUrlsHostPortsAndBarePorts() {
        assertThat(converter.convert("https://127.0.0.1:9000")).isEqualTo(URI.create("https://127.0.0.1:9000"));
        assertThat(converter.convert("https://127.0.0.1:9000/")).isEqualTo(URI.create("https://127.0.0.1:9000"));
        assertThat(converter.convert("localhost:9001")).isEqualTo(URI.create("https://localhost:9001"));
        assertThat(converter.convert("9002")).isEqualTo(URI.create("https://127.0.0.1:9002"));
        assertThat(converter.convert("https://[::1]:9003")).isEqualTo(URI.create("https://[::1]:9003"));
    }

    @Test
    void refusesPlainHttpPathsAndNonsense() {
        assertThatThrownBy(() -> converter.convert("http://127.0.0.1:9000"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("HTTPS only");
        assertThatThrownBy(() -> converter.convert("https://127.0.0.1:9000/task"))
                .hasMessageContaining("base URL");
        assertThatThrownBy(() -> converter.convert("::")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
