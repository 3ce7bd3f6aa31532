package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class NamedComponentTest {
    @Test
    void theAgentOrAnyHttpsUrl() {
        assertThat(NamedComponent.of("task", "x", "--agent", "9000").url())
                .isEqualTo(URI.create("https://127.0.0.1:9000"));
        assertThat(NamedComponent.of("status", "https://127.0.0.1:9001").url())
                .isEqualTo(URI.create("https://127.0.0.1:9001"));
        assertThat(NamedComponent.of("history").url()).isNull();
    }

    @Test
    void jobsCommandsCallOnlyTheScheduler() {
        assertThat(NamedComponent.of("jobs", "add", "n", "--agent", "9000", "--scheduler", "9100")
                        .url())
                .isEqualTo(URI.create("https://127.0.0.1:9100"));
        assertThat(NamedComponent.of("jobs", "list", "--scheduler=https://127.0.0.1:9101")
                        .url())
                .isEqualTo(URI.create("https://127.0.0.1:9101"));
        // A job's agent is not called: without --scheduler, discovery finds the scheduler.
        assertThat(NamedComponent.of("jobs", "add", "n", "--agent", "https://127.0.0.1:9000")
                        .url())
                .isNull();
        assertThat(NamedComponent.of("jobs", "list", "--scheduler", "http://nope")
                        .url())
                .isNull();
    }
}
