package uk.org.phobos.agency.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsWrittenUnderItsOwnNameOwnerOnly() throws IOException {
        Path file = dir.resolve("t1.json");

        DurableFiles.writeSecret(file, bytes("{\"a\":1}"));

        assertThat(file).hasContent("{\"a\":1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(names()).containsExactly("t1.json");
    }

    @Test
    void aFileThatExistsIsReplacedWhole() throws IOException {
        Path file = dir.resolve("t1.json");
        Files.writeString(file, "the old content, longer than the new");

        DurableFiles.writeSecret(file, bytes("new"));

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(names()).containsExactly("t1.json");
    }

    @Test
    void aFileThatCannotBeCreatedLeavesNothing() {
        Path file = dir.resolve("missing").resolve("t1.json");

        assertThatThrownBy(() -> DurableFiles.writeSecret(file, bytes("x"))).isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).toList();
        }
    }
}
