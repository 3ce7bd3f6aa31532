package uk.org.phobos.agency.sandbox.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.bwrap.BubblewrapLauncher;

class SandboxDetectorTest {
    @TempDir
    Path temp;

    private Path executable(String dir, String name) throws IOException {
        Path file = Files.createDirectories(temp.resolve(dir)).resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void linuxUsesBwrapFromThePathOfTheGivenEnvironment() throws IOException {
        Path bwrap = executable("second", "bwrap");
        String path = temp.resolve("first") + ":" + temp.resolve("second");

        Detection detection = new SandboxDetector("Linux").detect(Map.of("PATH", path));

        assertThat(detection.available()).isTrue();
        assertThat(detection.backend()).isEqualTo(SandboxBackend.BUBBLEWRAP);
        assertThat(detection.launcher())
                .get()
                .isInstanceOfSatisfying(
                        BubblewrapLauncher.class, l -> assertThat(l.binary()).isEqualTo(bwrap));
        assertThat(detection.reason()).isEqualTo("bwrap found at " + bwrap);
    }

    @Test
    void linuxWithoutBwrapOnThePathHasNoBackendAndSaysWhy() throws IOException {
        executable("bin", "not-bwrap");
        String path = temp.resolve("bin").toString();

        Detection detection = new SandboxDetector("Linux").detect(Map.of("PATH", path));

        assertThat(detection.available()).isFalse();
        assertThat(detection.backend()).isEqualTo(SandboxBackend.NONE);
        assertThat(detection.reason())
                .isEqualTo("bwrap not found on PATH (" + path
                        + "): install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap)");
        assertThat(detection.unavailable().ready()).isFalse();
        assertThat(detection.unavailable().backend()).isEqualTo(SandboxBackend.NONE);
    }

    @Test
    void aNonExecutableBwrapDoesNotCount() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("bin"));
        Files.writeString(dir.resolve("bwrap"), "not executable");

        assertThat(new SandboxDetector("Linux")
                        .detect(Map.of("PATH", dir.toString()))
                        .available())
                .isFalse();
    }

    @Test
    void relativePathEntriesAreIgnored() throws IOException {
        executable("rel", "bwrap");

        assertThat(new SandboxDetector("Linux").detect(Map.of("PATH", "rel::.")).available())
                .isFalse();
    }

    @Test
    void macOsUsesSandboxExec() throws IOException {
        Path exec = executable("usr/bin", "sandbox-exec");

        Detection detection = new SandboxDetector("Mac OS X")
                .detect(Map.of("PATH", exec.getParent().toString()));

        assertThat(detection.backend()).isEqualTo(SandboxBackend.SEATBELT);
        assertThat(detection.reason()).isEqualTo("sandbox-exec found at " + exec);
    }

    @Test
    void otherSystemsHaveNoBackend() throws IOException {
        executable("bin", "bwrap");

        Detection detection = new SandboxDetector("Windows 11")
                .detect(Map.of("PATH", temp.resolve("bin").toString()));

        assertThat(detection.available()).isFalse();
        assertThat(detection.reason()).startsWith("no sandbox backend for Windows 11");
    }

    @Test
    void aMissingPathVariableFindsNothing() {
        assertThat(new SandboxDetector("Linux").detect(Map.of()).available()).isFalse();
    }
}
