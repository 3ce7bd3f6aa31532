package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.testkit.claude.RepositoryRoot;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * What {@code ./build.sh build} does for each service: {@code scripts/service-class-archive.sh} runs the real jar
 * once and records its class-data archive, which the service then starts with. {@code -Xshare:on} makes the JVM
 * refuse to start unless the archive maps, so a service that answers proves the archive is usable. The archive is a
 * static one, so it also holds picocli, whose classes (compiled for Java 5) a dynamic archive leaves out on Java 17.
 */
class ServiceClassArchiveIT {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    static Stream<ServiceJar> services() {
        return Stream.of(ServiceJar.AGENT, ServiceJar.SCHEDULER, ServiceJar.WEB);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theRecordedArchiveMapsWhenTheServiceStartsAgain(ServiceJar service, @TempDir Path dir) throws IOException {
        Path archive = dir.resolve(service.binary() + ".jsa");

        Recording recording = record(service, archive);

        assertThat(recording.code()).as(recording.err()).isZero();
        assertThat(archive).isNotEmptyFile();
        assertThat(dir.resolve(archive.getFileName() + ".tmp")).doesNotExist();
        ServiceProcess.Builder started = ServiceProcess.of(service)
                .agencyRoot(Files.createDirectories(dir.resolve("agency")))
                .javaOptions("-Xshare:on", "-XX:SharedArchiveFile=" + archive)
                .args("--port", "0");
        if (service.equals(ServiceJar.AGENT)) {
            started.args("--claude-bin", fakeClaude(dir).toString());
        }
        if (service.equals(ServiceJar.WEB)) {
            started.args("--internal-port", "0", "--discovery-range", "1-1").env("AG_WEB_PASSWORD", "test-password");
        }
        try (ServiceProcess process = started.start()) {
            StatusReport status = process.client().status(process.url());

            assertThat(status.type()).isEqualTo(expectedType(service));
        }
        // Recorded once for both checks: a recording takes ~10 s.
        assertThat(classesLoadedBy(service, archive, "--help"))
                .contains("java.lang.Object source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file")
                .doesNotContain("picocli.CommandLine source: file:");
    }

    /** What {@code -Xlog:class+load} says of each class loaded when the service runs with {@code args}. */
    private static String classesLoadedBy(ServiceJar service, Path archive, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                JAVA,
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info:stdout",
                "-jar",
                service.path().toString()));
        command.addAll(List.of(args));
        try (LaunchedProcess process = ProcessLauncher.command(command).start()) {
            assertThat(process.awaitExit(Duration.ofSeconds(60))).isZero();
            process.stdout().awaitClosed(Duration.ofSeconds(10));
            return process.stdout().text();
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void aServiceThatCannotStartLeavesNoArchiveAndSaysWhereItsOutputIs(ServiceJar service, @TempDir Path dir)
            throws IOException {
        Path archive = dir.resolve(service.binary() + ".jsa");

        Recording recording = record(service, archive, "-Xmx1k");

        assertThat(recording.code()).isNotZero();
        assertThat(recording.err()).contains(service.binary()).contains(".training.log");
        assertThat(archive).doesNotExist();
        assertThat(dir.resolve(archive.getFileName() + ".tmp")).doesNotExist();
    }

    private static Recording record(ServiceJar service, Path archive, String... extraFlags) throws IOException {
        Path script = RepositoryRoot.find().orElseThrow().path().resolve("scripts/service-class-archive.sh");
        List<String> command = new ArrayList<>(List.of(
                script.toString(),
                service.path().toString(),
                archive.toString(),
                ServiceJar.CLI.path().toString(),
                "-XX:+UseSerialGC"));
        command.addAll(List.of(extraFlags));
        try (LaunchedProcess process =
                ProcessLauncher.command(command).env("JAVA", JAVA).start()) {
            int code = process.awaitExit(Duration.ofSeconds(120));
            process.stderr().awaitClosed(Duration.ofSeconds(10));
            return new Recording(code, process.stderr().text());
        }
    }

    private static ComponentType expectedType(ServiceJar service) {
        return switch (service.binary()) {
            case "ag-agent-claude" -> ComponentType.AGENT;
            case "ag-view-web" -> ComponentType.VIEW;
            default -> ComponentType.HELPER;
        };
    }

    private static Path fakeClaude(Path dir) throws IOException {
        Path claude = dir.resolve("claude");
        Files.writeString(claude, "#!/bin/sh\necho '2.1.332 (Claude Code)'\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        return claude;
    }

    private record Recording(int code, String err) {}
}
