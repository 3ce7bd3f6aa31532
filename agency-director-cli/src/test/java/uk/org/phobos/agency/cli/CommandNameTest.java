package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandNameTest {
    @Test
    void theFirstWordThatIsNotAnOptionOrItsValue() {
        assertThat(CommandName.of("status", "9000").value()).isEqualTo("status");
        assertThat(CommandName.of("--json", "--discovery-range", "9000-9010", "discover")
                        .value())
                .isEqualTo("discover");
        assertThat(CommandName.of("--discovery-range=9000-9010", "task", "x").value())
                .isEqualTo("task");
        assertThat(CommandName.of().value()).isNull();
        assertThat(CommandName.of("--help", "task").value()).isNull();
        assertThat(CommandName.of("--", "task").value()).isNull();
    }

    @Test
    void theSubcommandIsTheNextWordByTheSameRules() {
        assertThat(CommandName.subcommandOf("jobs", "list")).isEqualTo("list");
        assertThat(CommandName.subcommandOf("--json", "jobs", "--discovery-range", "9100-9100", "runs", "nightly"))
                .isEqualTo("runs");
        assertThat(CommandName.subcommandOf("jobs", "add", "--help")).isEqualTo("add");
        assertThat(CommandName.subcommandOf("jobs", "--help", "add")).isNull();
        assertThat(CommandName.subcommandOf("jobs")).isNull();
        assertThat(CommandName.subcommandOf()).isNull();
    }

    @Test
    void commandsThatCallComponentsStartTlsEarly() {
        assertThat(CommandName.of("status").talksToFleet()).isTrue();
        assertThat(CommandName.of("tls", "export", "f").talksToFleet()).isFalse();
        assertThat(CommandName.of("--version").talksToFleet()).isFalse();
    }

    @Test
    void aFlagCountsAnywhereBeforeTheEndOfOptions() {
        assertThat(CommandName.hasFlag("--no-color", "--no-color", "--help")).isTrue();
        assertThat(CommandName.hasFlag("--no-color", "task", "--help", "--no-color"))
                .isTrue();
        assertThat(CommandName.hasFlag("--no-color", "task", "--", "--no-color"))
                .isFalse();
        assertThat(CommandName.hasFlag("--no-color", "--help")).isFalse();
        assertThat(CommandName.hasFlag("--no-color")).isFalse();
    }
}
