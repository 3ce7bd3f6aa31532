package uk.org.phobos.agency.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptBlocksTest {
    @Test
    void aTrailingBackslashOrAnOpenFenceAsksForMore() {
        assertThat(PromptBlocks.incomplete("first line \\")).isTrue();
        assertThat(PromptBlocks.incomplete("\"\"\"\nsome code")).isTrue();
        assertThat(PromptBlocks.incomplete("\"\"\"\nsome code\n\"\"\"")).isFalse();
        assertThat(PromptBlocks.incomplete("just one line")).isFalse();
    }

    @Test
    void thePromptLosesContinuationsAndFences() {
        assertThat(PromptBlocks.prompt("first \\\nsecond")).isEqualTo("first \nsecond");
        assertThat(PromptBlocks.prompt("\"\"\"\nline one\nline two\n\"\"\"")).isEqualTo("line one\nline two");
        assertThat(PromptBlocks.prompt("  plain  ")).isEqualTo("plain");
    }
}
