package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --help}: its colours follow the same rules as every other output, and every group has examples. */
class HelpTest {
    private static final String ESCAPE = "\u001b[";

    @TempDir
    Path root;

    @Test
    void helpOnATerminalIsColoured() {
        CliResult help = onTerminal().run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains(ESCAPE);
    }

    @Test
    void helpHonoursNoColorWhereverItStands() {
        CliResult first = onTerminal().run("--no-color", "--help");
        CliResult last = onTerminal().run("task", "--help", "--no-color");
        CliResult group = onTerminal().run("jobs", "--no-color", "add", "--help");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("Usage:").doesNotContain(ESCAPE);
        assertThat(last.out()).contains("--via-web").doesNotContain(ESCAPE);
        assertThat(group.out()).contains("--schedule").doesNotContain(ESCAPE);
    }

    @Test
    void helpHonoursTheEnvironment() {
        assertThat(onTerminal().env("NO_COLOR", "1").run("--help").out()).doesNotContain(ESCAPE);
        assertThat(onTerminal().env("TERM", "dumb").run("status", "--help").out())
                .doesNotContain(ESCAPE);
    }

    @Test
    void helpIsColouredOnlyWhenStdoutIsATerminal() {
        CliResult piped = new CliRunner(root).terminals(true, false).run("--help");
        CliResult stdinRedirected = new CliRunner(root).terminals(false, true).run("--help");

        assertThat(piped.out()).contains("Usage:").doesNotContain(ESCAPE);
        assertThat(stdinRedirected.out()).contains(ESCAPE);
    }

    @Test
    void tlsAndFleetHelpHaveExamples() {
        CliResult export = new CliRunner(root).run("tls", "export", "--help");
        CliResult importing = new CliRunner(root).run("tls", "import", "--help");
        CliResult fleet = new CliRunner(root).run("fleet", "--help");

        assertThat(export.exitCode()).isZero();
        assertThat(export.out())
                .contains("Examples:")
                .contains("ag tls export fleet-ca.pem")
                .contains("Exit codes:");
        assertThat(importing.exitCode()).isZero();
        assertThat(importing.out())
                .contains("Examples:")
                .contains("ag tls import fleet-ca.pem")
                .contains("Exit codes:");
        assertThat(fleet.exitCode()).isZero();
        assertThat(fleet.out())
                .contains("Examples:")
                .contains("ag fleet shutdown --force")
                .contains("ag fleet shutdown --timeout 5m");
    }

    private CliRunner onTerminal() {
        return new CliRunner(root).terminals(true, true);
    }
}
