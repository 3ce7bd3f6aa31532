package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;

/** The real jar as a process: exit codes, one-line errors, and the class-data archive the build records. */
class LauncherIT {
    @TempDir
    static Path dir;

    static AgentFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = AgentFixture.start(dir, FakeRun.create().init().success("ok"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void versionAnswersAtOnce() throws IOException {
        Exit exit = run(List.of(), "--version");

        assertThat(exit.code()).isZero();
        assertThat(exit.out()).matches("ag \\S+ \\(Java 17\\S*\\)\\n");
    }

    @Test
    void statusOfALiveAgentExitsZero() throws IOException {
        Exit exit = run(List.of(), "status", fixture.url().toString());

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out()).contains("agent-" + fixture.port()).contains("idle");
    }

    @Test
    void nothingListeningIsExitThreeAndOneLine() throws IOException {
        int closed = new FreePorts().contiguousRange(1).first(); // not ephemeral: no later port-0 bind takes it

        Exit exit = run(List.of(), "status", "https://127.0.0.1:" + closed);

        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.err().lines()).hasSize(1);
        assertThat(exit.err()).startsWith("ag: cannot reach").doesNotContain("Exception");
    }

    @Test
    void aTaskWithoutPromptIsAUsageError() throws IOException {
        Exit exit = run(List.of(), "task");

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.err()).contains("the prompt is empty");
    }

    @Test
    void theTrainingRunRecordsAnArchiveTheJvmMaps() throws IOException {
        Path archive = dir.resolve("ag.jsa");
        Exit training = runJava(List.of(
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-cp",
                CliJar.path().toString(),
                "uk.org.phobos.agency.cli.training.TrainingRun"));
        assertThat(training.code()).as(training.out() + training.err()).isZero();
        assertThat(training.out()).contains("ag status https://127.0.0.1:").doesNotContain("exit 0, 0 ms");

        // -Xshare:on fails the JVM unless the archive maps.
        Exit mapped = run(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive), "--version");

        assertThat(mapped.code()).as(mapped.err()).isZero();
        assertThat(mapped.err()).isEmpty();
    }

    @Test
    void aStaleOrMissingArchiveIsSkippedQuietlyWithTheLauncherFlags() throws IOException {
        Path jar = Files.copy(CliJar.path(), dir.resolve("copy.jar"));
        Path archive = dir.resolve("copy.jsa");
        Exit training = runJava(List.of(
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off",
                "-cp",
                jar.toString(),
                "uk.org.phobos.agency.cli.training.TrainingRun"));
        assertThat(training.code()).isZero();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

        List<String> quiet = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        Exit stale = runJava(with(quiet, "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "--version"));
        Exit missing = runJava(
                with(quiet, "-XX:SharedArchiveFile=" + dir.resolve("none.jsa"), "-jar", jar.toString(), "--version"));

        assertThat(stale.code()).isZero();
        assertThat(stale.err()).isEmpty();
        assertThat(stale.out()).startsWith("ag ");
        assertThat(missing.code()).isZero();
        assertThat(missing.err()).isEmpty();
    }

    private static List<String> with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static Exit run(List<String> jvmOptions, String... args) throws IOException {
        return launch(CliJar.command(jvmOptions, args));
    }

    private static Exit runJava(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        command.addAll(arguments);
        return launch(command);
    }

    private static Exit launch(List<String> command) throws IOException {
        try (LaunchedProcess process = ProcessLauncher.command(command)
                .env("AGENCY_ROOT", fixture.root.toString())
                .env(GlobalOptions.ENV_DISCOVERY_RANGE, fixture.port() + "-" + fixture.port())
                .start()) {
            int code = process.awaitExit(Duration.ofSeconds(60));
            process.stdout().awaitClosed(Duration.ofSeconds(10));
            process.stderr().awaitClosed(Duration.ofSeconds(10));
            return new Exit(code, process.stdout().text(), process.stderr().text());
        }
    }

    private record Exit(int code, String out, String err) {}
}
