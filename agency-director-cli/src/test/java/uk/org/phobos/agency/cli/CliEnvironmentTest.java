package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliEnvironmentTest {
    @Test
    void terminalsAreTheDevicesOfTerminals() {
        assertThat(CliEnvironment.terminalDevice("/dev/pts/3")).isTrue();
        assertThat(CliEnvironment.terminalDevice("/dev/tty1")).isTrue();
        assertThat(CliEnvironment.terminalDevice("/dev/ttyS0")).isTrue();
        assertThat(CliEnvironment.terminalDevice("/dev/tty")).isTrue();
        assertThat(CliEnvironment.terminalDevice("/dev/console")).isTrue();
    }

    @Test
    void pipesFilesAndNullAreNot() {
        assertThat(CliEnvironment.terminalDevice("pipe:[123456]")).isFalse();
        assertThat(CliEnvironment.terminalDevice("socket:[98765]")).isFalse();
        assertThat(CliEnvironment.terminalDevice("/dev/null")).isFalse();
        assertThat(CliEnvironment.terminalDevice("/home/me/out.txt")).isFalse();
        assertThat(CliEnvironment.terminalDevice("/dev/ptmx")).isFalse();
    }
}
