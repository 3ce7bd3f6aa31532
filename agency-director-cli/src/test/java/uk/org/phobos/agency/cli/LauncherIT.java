package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.claude.RepositoryRoot;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.terminal.PseudoTerminal;

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
    void statusMakesOneConnectionToTheAgent() throws IOException {
        // The request the CLI sends in the background while picocli starts is the connection the command uses:
        // a second one would mean a second cold TLS handshake.
        try (CountingRelay relay = CountingRelay.to(fixture.port())) {
            Exit exit = run(List.of(), "status", "https://127.0.0.1:" + relay.port());

            assertThat(exit.code()).as(exit.err()).isZero();
            assertThat(exit.out()).contains("agent-" + fixture.port());
            assertThat(relay.connections()).isEqualTo(1);
        }
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

    /**
     * {@code ag task | less} typed at a terminal: stdin is the terminal, so no prompt is waited for there (Java 17's
     * System.console() is null when either stream is not a terminal; that must not make stdin a pipe).
     */
    @Test
    void withStdinOnATerminalAndStdoutPipedNoPromptIsReadFromTheTerminal() throws Exception {
        String line = shell(CliJar.command(List.of(), "task")) + " | cat; exit \"${PIPESTATUS[0]}\"";
        try (PseudoTerminal terminal = PseudoTerminal.start(List.of("bash", "-c", line), terminalEnv())) {
            assertThat(terminal.awaitExit(Duration.ofSeconds(30)))
                    .as(terminal.text())
                    .isEqualTo(2);
            assertThat(terminal.text()).contains("ag: no prompt: give it as an argument");
        }
    }

    /** {@code ag task ... --wait < prompt.md} at a terminal: stdout is the terminal, so how it ended shows there. */
    @Test
    void withStdoutOnATerminalAndStdinRedirectedTheOutcomeShows() throws Exception {
        String line = shell(CliJar.command(
                        List.of(), "task", "say ok", "--agent", fixture.url().toString(), "--wait")) + " < /dev/null";
        try (PseudoTerminal terminal = PseudoTerminal.start(List.of("bash", "-c", line), terminalEnv())) {
            assertThat(terminal.awaitExit(Duration.ofSeconds(30)))
                    .as(terminal.text())
                    .isZero();
            assertThat(terminal.text()).contains("ok").contains("✓ completed");
        }
    }

    private static Map<String, String> terminalEnv() {
        return Map.of(
                "AGENCY_ROOT",
                fixture.root.toString(),
                GlobalOptions.ENV_DISCOVERY_RANGE,
                fixture.port() + "-" + fixture.port());
    }

    /** {@code command} as one line for bash. */
    private static String shell(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.length() == 0 ? "" : " ")
                    .append('\'')
                    .append(word.replace("'", "'\\''"))
                    .append('\'');
        }
        return line.toString();
    }

    @Test
    void theTrainingRunRecordsAnArchiveTheJvmMaps() throws IOException {
        Path archive = recordArchive(CliJar.path(), dir.resolve("ag.jsa"));

        // -Xshare:on fails the JVM unless the archive maps.
        Exit mapped = run(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive), "--version");
        Exit help = run(
                List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info:stdout"), "--help");

        assertThat(mapped.code()).as(mapped.err()).isZero();
        assertThat(mapped.err()).isEmpty();
        assertThat(help.code()).as(help.err()).isZero();
        // A static archive: the JDK's classes and picocli's (Java 5 class files, which a dynamic one leaves out).
        assertThat(help.out())
                .contains("java.lang.Object source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file")
                .doesNotContain("picocli.CommandLine source: file:");
    }

    @Test
    void aStaleOrMissingArchiveIsSkippedQuietlyWithTheLauncherFlags() throws IOException {
        Path jar = Files.copy(CliJar.path(), dir.resolve("copy.jar"));
        Path archive = recordArchive(jar, dir.resolve("copy.jsa"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

        List<String> quiet = List.of("-Xlog:cds=off");
        Exit stale = runJava(with(quiet, "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "--version"));
        Exit missing = runJava(
                with(quiet, "-XX:SharedArchiveFile=" + dir.resolve("none.jsa"), "-jar", jar.toString(), "--version"));

        assertThat(stale.code()).isZero();
        assertThat(stale.err()).isEmpty();
        assertThat(stale.out()).startsWith("ag ");
        assertThat(missing.code()).isZero();
        assertThat(missing.err()).isEmpty();
    }

    /**
     * What {@code ./build.sh build} does: TrainingRun lists the classes it loads, and {@code
     * scripts/dump-class-archive.sh} writes them into a static archive.
     */
    private static Path recordArchive(Path jar, Path archive) throws IOException {
        Path list = archive.resolveSibling(archive.getFileName() + ".classes");
        Exit training = runJava(List.of(
                "-XX:DumpLoadedClassList=" + list,
                "-cp",
                jar.toString(),
                "uk.org.phobos.agency.cli.training.TrainingRun"));
        assertThat(training.code()).as(training.out() + training.err()).isZero();
        assertThat(trainingExits(training.out())).containsExactlyEntriesOf(TRAINING_EXITS);

        Path script = RepositoryRoot.find().orElseThrow().path().resolve("scripts/dump-class-archive.sh");
        Path log = archive.resolveSibling(archive.getFileName() + ".log");
        List<String> dump = new ArrayList<>(
                List.of(script.toString(), list.toString(), jar.toString(), archive.toString(), log.toString()));
        dump.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        Exit dumped = launch(
                dump,
                Map.of(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        assertThat(dumped.code()).as(dumped.err()).isZero();
        assertThat(archive).isNotEmptyFile();
        assertThat(archive.resolveSibling(archive.getFileName() + ".tmp")).doesNotExist();
        return archive;
    }

    /**
     * Each command TrainingRun runs, in order, with the exit code it must end with against its stand-in agent (URL):
     * a run that fails where it should not records the classes of a failure rather than of the command.
     */
    private static final Map<String, Integer> TRAINING_EXITS = trainingExits();

    private static Map<String, Integer> trainingExits() {
        Map<String, Integer> exits = new LinkedHashMap<>();
        exits.put("--help", 0);
        exits.put("task --help", 0);
        exits.put("status URL", 0);
        exits.put("status URL --json", 0);
        exits.put("status http://127.0.0.1:1", 2); // plain http is refused
        exits.put("status https://127.0.0.1:1", 3); // nothing listens there
        exits.put("discover", 0);
        exits.put("task train --wait", 0);
        exits.put("task train --agent URL --follow", 0);
        exits.put("task train --agent URL --follow --json", 0);
        exits.put("task train --session s-1 --wait --json", 0);
        exits.put("task train", 0);
        exits.put("show t-1", 0);
        exits.put("history", 0);
        exits.put("logs t-1 --agent URL", 0);
        exits.put("cancel t-1 --agent URL", 1); // the task had already ended
        exits.put("show t-2 --agent URL", 1); // unknown task
        return exits;
    }

    /** TrainingRun's lines {@code ag ARGS: exit N, M ms}, its agent's URL written URL. */
    private static Map<String, Integer> trainingExits(String log) {
        Pattern run = Pattern.compile("ag (.*): exit (\\d+), \\d+ ms");
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (String line : log.lines().toList()) {
            Matcher matcher = run.matcher(line);
            if (!matcher.matches()) {
                continue; // not a run's line (the JVM may print its own)
            }
            exits.put(
                    matcher.group(1).replaceAll("https://127\\.0\\.0\\.1:\\d{2,5}", "URL"),
                    Integer.parseInt(matcher.group(2)));
        }
        return exits;
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
        return launch(command, Map.of());
    }

    private static Exit launch(List<String> command, Map<String, String> env) throws IOException {
        ProcessLauncher launcher = ProcessLauncher.command(command)
                .env("AGENCY_ROOT", fixture.root.toString())
                .env(GlobalOptions.ENV_DISCOVERY_RANGE, fixture.port() + "-" + fixture.port());
        env.forEach(launcher::env);
        try (LaunchedProcess process = launcher.start()) {
            int code = process.awaitExit(Duration.ofSeconds(60));
            process.stdout().awaitClosed(Duration.ofSeconds(10));
            process.stderr().awaitClosed(Duration.ofSeconds(10));
            return new Exit(code, process.stdout().text(), process.stderr().text());
        }
    }

    private record Exit(int code, String out, String err) {}
}
