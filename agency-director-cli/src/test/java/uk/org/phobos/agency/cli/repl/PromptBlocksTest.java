package uk.org.phobos.agency.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptBlocksTest {
    private static final String FENCE = "\"\"\"";

    @Test
    void aTrailingBackslashOrAnOpenFenceAsksForMore() {
        assertThat(PromptBlocks.incomplete("first line \\")).isTrue();
        assertThat(PromptBlocks.incomplete(FENCE + "\nsome code")).isTrue();
        assertThat(PromptBlocks.incomplete(FENCE + "\nsome code\n" + FENCE)).isFalse();
        assertThat(PromptBlocks.incomplete("just one line")).isFalse();
    }

    @Test
    void thePromptLosesContinuationsAndFences() {
        assertThat(PromptBlocks.prompt("first \\\nsecond")).isEqualTo("first \nsecond");
        assertThat(PromptBlocks.prompt(FENCE + "\nline one\nline two\n" + FENCE))
                .isEqualTo("line one\nline two");
        assertThat(PromptBlocks.prompt(FENCE + "  \nline one\n" + FENCE + " ")).isEqualTo("line one");
        assertThat(PromptBlocks.prompt("  plain  ")).isEqualTo("plain");
    }

    @Test
    void docstringsInsideABlockStayWhole() {
        String code = String.join(
                "\n",
                "def one():",
                "    " + FENCE + "Return one." + FENCE,
                "    return 1",
                "",
                "def two():",
                "    " + FENCE,
                "    Return two.",
                "    " + FENCE,
                "    return 2");
        String block = FENCE + "\n" + code + "\n" + FENCE;

        assertThat(PromptBlocks.prompt(block)).isEqualTo(code);
        assertThat(PromptBlocks.incomplete(block)).isFalse();
    }

    @Test
    void aDocstringTypedLineByLineDoesNotCloseTheBlock() {
        String typed = FENCE + "\ndef f():\n    " + FENCE + "Doc." + FENCE;
        String indentedFence = FENCE + "\ndef f():\n    " + FENCE;

        assertThat(PromptBlocks.incomplete(typed)).isTrue();
        assertThat(PromptBlocks.incomplete(indentedFence)).isTrue();
        assertThat(PromptBlocks.incomplete(typed + "\n    return 1\n" + FENCE)).isFalse();
    }

    @Test
    void backslashesInsideABlockAreKept() {
        String script = "make build \\\n  && make test";

        assertThat(PromptBlocks.prompt(FENCE + "\n" + script + "\n" + FENCE)).isEqualTo(script);
    }

    @Test
    void textAroundABlockStays() {
        String pasted = "Review this:\n" + FENCE + "\nx = " + FENCE + "s" + FENCE + "\n" + FENCE + "\nThanks.";

        assertThat(PromptBlocks.prompt(pasted)).isEqualTo("Review this:\nx = " + FENCE + "s" + FENCE + "\nThanks.");
        assertThat(PromptBlocks.incomplete(pasted)).isFalse();
    }
}
