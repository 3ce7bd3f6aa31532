package uk.org.phobos.agency.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritablePathGuardTest {
    @TempDir
    Path dir;

    @Test
    void aFileInsideAWritablePathIsRefusedNamingBoth() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        WritablePathGuard guard = new WritablePathGuard(List.of(sessions));

        assertThatThrownBy(() -> guard.requireOutside("the config file", Optional.of(sessions.resolve("agent.yaml"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the config file " + sessions.resolve("agent.yaml"))
                .hasMessageContaining("lies inside " + sessions.toRealPath());
    }

    @Test
    void aSymbolicLinkDoesNotHideWhereTheFileIs() throws Exception {
        Path writable = Files.createDirectories(dir.resolve("writable"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), writable);
        WritablePathGuard guard = new WritablePathGuard(List.of(writable));

        assertThatThrownBy(() -> guard.requireOutside("the preprompt file", Optional.of(link.resolve("p.md"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesElsewhereAndNoFileAtAllPass() throws Exception {
        WritablePathGuard guard = new WritablePathGuard(List.of(Files.createDirectories(dir.resolve("sessions"))));

        assertThatCode(() -> guard.requireOutside("the config file", Optional.of(dir.resolve("agent.yaml"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.requireOutside("the config file", Optional.of(dir.resolve("sessions-old/x"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.requireOutside("the config file", Optional.empty()))
                .doesNotThrowAnyException();
    }
}
