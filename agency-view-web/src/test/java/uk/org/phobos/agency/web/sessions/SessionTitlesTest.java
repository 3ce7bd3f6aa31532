package uk.org.phobos.agency.web.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTitlesTest {
    private final SessionTitles titles = new SessionTitles();

    @Test
    void theFirstLineThatSaysSomethingWithoutMarkdownMarkers() {
        assertThat(titles.from("\n\n# Fix the **login** bug\nmore")).isEqualTo("Fix the login bug");
        assertThat(titles.from("- add `tests`")).isEqualTo("add tests");
        assertThat(titles.from("Say <b>hello</b>")).isEqualTo("Say <b>hello</b>");
    }

    @Test
    void longPromptsAreCutAtAWord() {
        String title =
                titles.from("Refactor the dispatcher so that queued tasks never block each other when agents are busy");

        assertThat(title).endsWith("…").hasSizeLessThanOrEqualTo(SessionTitles.MAX_LENGTH + 1);
        assertThat(title).startsWith("Refactor the dispatcher so that queued tasks never block");
    }

    @Test
    void emptyPromptsHaveAPlaceholder() {
        assertThat(titles.from(null)).isEqualTo("(untitled)");
        assertThat(titles.from("  \n ")).isEqualTo("(untitled)");
    }
}
