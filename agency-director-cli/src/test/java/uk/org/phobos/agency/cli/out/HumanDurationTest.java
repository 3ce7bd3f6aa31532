package uk.org.phobos.agency.cli.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
    @Test
    void readsLikeATableCell() {
        assertThat(new HumanDuration(Duration.ofMillis(850))).hasToString("850ms");
        assertThat(HumanDuration.ofSeconds(2.5)).hasToString("2.5s");
        assertThat(new HumanDuration(Duration.ofSeconds(42))).hasToString("42s");
        assertThat(new HumanDuration(Duration.ofSeconds(187))).hasToString("3m07s");
        assertThat(new HumanDuration(Duration.ofMinutes(125))).hasToString("2h05m");
        assertThat(new HumanDuration(Duration.ofHours(76))).hasToString("3d04h");
        assertThat(new HumanDuration(Duration.ofSeconds(-5))).hasToString("0ms");
    }

    @Test
    void tablesAlignIgnoringColour() {
        Style colour = new Style(true);
        Table table = new Table("A", "B").row(colour.green("ok"), "x").row("longer", "y");

        assertThat(table.lines(new Style(false)))
                .containsExactly("A       B", "\u001b[32mok\u001b[0m      x", "longer  y");
    }
}
