package uk.org.phobos.agency.web.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z0-9]+)([^>]*)>");
    private static final List<String> ALLOWED = List.of(
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "blockquote",
            "pre",
            "code",
            "em",
            "strong",
            "del",
            "a",
            "hr",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td");

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void commonMarkdownRenders() {
        String html = renderer.render("""
                # Done

                I fixed **two** bugs in `Main.java`, *carefully*:

                - the parser
                - the ~~printer~~ writer

                1. build
                2. test

                ```java
                int x = a < b && c > d;
                ```

                > quoted

                | file | lines |
                |------|------:|
                | a.java | 3 |

                See [the docs](https://example.org/docs?a=1&b=2) or https://example.org/x.""");

        assertThat(html)
                .contains("<h1>Done</h1>")
                .contains("<strong>two</strong>", "<code>Main.java</code>", "<em>carefully</em>")
                .contains("<ul>\n<li>the parser</li>\n<li>the <del>printer</del> writer</li>\n</ul>")
                .contains("<ol>\n<li>build</li>\n<li>test</li>\n</ol>")
                .contains("<pre><code class=\"language-java\">int x = a &lt; b &amp;&amp; c &gt; d;\n</code></pre>")
                .contains("<blockquote>\n<p>quoted</p>\n</blockquote>")
                .contains("<th>file</th><th>lines</th>", "<td>a.java</td><td>3</td>")
                .contains(
                        "<a href=\"https://example.org/docs?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">the docs</a>")
                .contains(
                        "<a href=\"https://example.org/x\" rel=\"noopener noreferrer nofollow\">https://example.org/x</a>.");
        assertOnlySafeMarkup(html);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<script>document.title='pwned'</script>",
                "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
                "<img src=x onerror=alert(1)>",
                "<svg onload=alert(1)>",
                "<a href=\"javascript:alert(1)\">click</a>",
                "[click](javascript:alert(1))",
                "[click](JaVaScRiPt:alert(1))",
                "[click](java\tscript:alert(1))",
                "[click]( javascript:alert(1) )",
                "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                "[click](vbscript:msgbox(1))",
                "[x](https://ok.example/\" onmouseover=\"alert(1))",
                "<https://ok.example/\" onclick=\"alert(1)>",
                "<iframe src=https://evil.example></iframe>",
                "<style>body{display:none}</style>",
                "<div style=\"background:url(javascript:alert(1))\">x</div>",
                "**<script>alert(1)</script>**",
                "`<script>` and ``<img onerror=x>``",
                "```html\n<script>alert(1)</script>\n```",
                "```\"><script>alert(1)</script>\n```",
                "# <script>alert(1)</script>",
                "| <b onclick=x> | y |\n|---|---|\n| <script>z</script> | w |",
                "> <img src=x onerror=alert(1)>",
                "- <a onclick=alert(1)>x</a>",
                "[<img src=x onerror=alert(1)>](https://ok.example)",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "<!-- comment --><script>alert(1)</script>",
                "<form action=https://evil.example><button>go</button></form>",
                "<meta http-equiv=refresh content=0;url=https://evil.example>",
                "<base href=https://evil.example/>",
                "<object data=x></object><embed src=x>",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
            })
    void hostileInputIsNeverActive(String hostile) {
        String html = renderer.render(hostile);

        assertOnlySafeMarkup(html);
        assertThat(html.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain(
                        "<script",
                        "<img",
                        "<svg",
                        "<iframe",
                        "<style",
                        "<form",
                        "<meta",
                        "<base",
                        "<object",
                        "<embed",
                        "javascript:\"",
                        "href=\"javascript",
                        "href=\"data",
                        "href=\"vbscript");
    }

    @Test
    void rawHtmlIsShownAsText() {
        assertThat(renderer.render("<script>alert(1)</script>"))
                .isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    }

    @Test
    void unsafeLinksKeepTheirTextButLoseTheLink() {
        assertThat(renderer.render("[click](javascript:alert(1))")).isEqualTo("<p>click</p>\n");
    }

    @Test
    void attributeBreakoutsAreEscaped() {
        String html = renderer.render("[x](https://ok.example/a\"b)");

        assertThat(html).doesNotContain("a\"b").doesNotContain("href=\"https://ok.example/a\"");
    }

    @Test
    void pathologicalInputStaysFast() {
        String stars = "*a ".repeat(50_000) + "_b ".repeat(50_000) + "[".repeat(20_000) + "`".repeat(10_000);
        long start = System.nanoTime();

        String html = renderer.render(stars);

        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertOnlySafeMarkup(html);
    }

    @Test
    void hugeOutputIsShownAsPlainText() {
        String huge = "<script>x</script>\n".repeat(20_000);

        String html = renderer.render(huge);

        assertThat(html).startsWith("<pre><code>&lt;script&gt;");
        assertOnlySafeMarkup(html);
    }

    @Test
    void underscoresInsideWordsAreNotEmphasis() {
        assertThat(renderer.render("snake_case_name and a__b__c and window.__x"))
                .doesNotContain("<em>", "<strong>");
        assertThat(renderer.render("_em_ and __strong__")).contains("<em>em</em>", "<strong>strong</strong>");
    }

    @Test
    void nothingRendersToNothing() {
        assertThat(renderer.render(null)).isEmpty();
        assertThat(renderer.render("")).isEmpty();
    }

    /** Every tag is on the allow list and the only attributes are a checked href, rel, class and start. */
    static void assertOnlySafeMarkup(String html) {
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            String name = tags.group(2).toLowerCase(java.util.Locale.ROOT);
            assertThat(ALLOWED).as("tag <%s> in %s", name, html).contains(name);
            String attributes = tags.group(3).trim();
            if (attributes.isEmpty()) {
                continue;
            }
            assertThat(attributes)
                    .as("attributes of <%s>", name)
                    .matches("^(href=\"(https?|mailto):[^\"<>]*\" rel=\"noopener noreferrer nofollow\""
                            + "|class=\"language-[A-Za-z0-9_+-]*\"|start=\"\\d+\")$");
        }
        assertThat(html.replaceAll("<[^>]*>", "")).doesNotContain("<", ">");
    }
}
