package uk.org.phobos.agency.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("state/history.json");

        AtomicFiles.write(file, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "two".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("two");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("history.json");
        }
    }

    @Test
    void secretsAreOwnerOnly() throws Exception {
        Path file = dir.resolve("token");

        AtomicFiles.writeSecret(file, "s3cret".getBytes(StandardCharsets.UTF_8));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void createSecretHasExactlyOneWinner() throws Exception {
        Path file = dir.resolve("token");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var attempts = IntStream.range(0, 16)
                    .mapToObj(i -> (Callable<Boolean>) () -> {
                        try {
                            AtomicFiles.createSecret(file, ("writer-" + i).getBytes(StandardCharsets.UTF_8));
                            return true;
                        } catch (FileAlreadyExistsException e) {
                            return false;
                        }
                    })
                    .toList();
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(file)).startsWith("writer-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> AtomicFiles.createSecret(file, new byte[1]))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
