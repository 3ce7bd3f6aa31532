package uk.org.phobos.agency.web.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders agent output and prompts as HTML, safe by construction: a small Markdown subset (headings,
 * paragraphs, lists, block quotes, fenced and indented code, tables, rules, and the inline forms of
 * {@link InlineRenderer}) becomes a fixed set of tags, and everything else, raw HTML included, is
 * escaped text. There is no sanitising pass over HTML because no HTML from the input is ever kept.
 */
public final class MarkdownRenderer {
    /** Longer input is rendered as plain preformatted text. */
    public static final int MAX_MARKDOWN_CHARS = 200_000;

    private static final int MAX_QUOTE_DEPTH = 4;
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([A-Za-z0-9_+.#-]{0,30}).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern RULE = Pattern.compile("^ {0,3}([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern BULLET = Pattern.compile("^ {0,3}[-*+]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^ {0,3}(\\d{1,9})[.)]\\s+(.*)$");
    private static final Pattern QUOTE = Pattern.compile("^ {0,3}> ?(.*)$");
    private static final Pattern TABLE_SEPARATOR =
            Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

    private final InlineRenderer inline = new InlineRenderer();

    public String render(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        if (markdown.length() > MAX_MARKDOWN_CHARS) {
            return "<pre><code>" + Html.escape(markdown) + "</code></pre>";
        }
        String normal = markdown.replace("\r\n", "\n").replace('\r', '\n').replace("\0", "\uFFFD");
        StringBuilder out = new StringBuilder(normal.length() + normal.length() / 4);
        blocks(List.of(normal.split("\n", -1)), out, 0);
        return out.toString();
    }

    private void blocks(List<String> lines, StringBuilder out, int quoteDepth) {
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                i = fenced(lines, i, fence.group(1), fence.group(2), out);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                int level = heading.group(1).length();
                out.append("<h")
                        .append(level)
                        .append('>')
                        .append(inline.render(heading.group(2)))
                        .append("</h")
                        .append(level)
                        .append(">\n");
                i++;
                continue;
            }
            if (RULE.matcher(line).matches()) {
                out.append("<hr>\n");
                i++;
                continue;
            }
            if (QUOTE.matcher(line).matches()) {
                List<String> quoted = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).isBlank()) {
                    Matcher q = QUOTE.matcher(lines.get(i));
                    quoted.add(q.matches() ? q.group(1) : lines.get(i));
                    i++;
                }
                out.append("<blockquote>\n");
                if (quoteDepth < MAX_QUOTE_DEPTH) {
                    blocks(quoted, out, quoteDepth + 1);
                } else {
                    paragraph(quoted, out);
                }
                out.append("</blockquote>\n");
                continue;
            }
            if (BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches()) {
                i = list(lines, i, out);
                continue;
            }
            if (line.startsWith("    ") || line.startsWith("\t")) {
                i = indentedCode(lines, i, out);
                continue;
            }
            if (line.contains("|")
                    && i + 1 < lines.size()
                    && TABLE_SEPARATOR.matcher(lines.get(i + 1)).matches()) {
                i = table(lines, i, out);
                continue;
            }
            List<String> paragraph = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isBlank() && !startsBlock(lines.get(i))) {
                paragraph.add(lines.get(i).strip());
                i++;
            }
            if (paragraph.isEmpty()) { // a line that looks like a block but was not one
                paragraph.add(lines.get(i).strip());
                i++;
            }
            paragraph(paragraph, out);
        }
    }

    private static boolean startsBlock(String line) {
        return FENCE.matcher(line).matches()
                || HEADING.matcher(line).matches()
                || RULE.matcher(line).matches()
                || QUOTE.matcher(line).matches()
                || BULLET.matcher(line).matches()
                || NUMBERED.matcher(line).matches();
    }

    private void paragraph(List<String> lines, StringBuilder out) {
        out.append("<p>").append(inline.render(String.join("\n", lines))).append("</p>\n");
    }

    private static int fenced(List<String> lines, int start, String fence, String language, StringBuilder out) {
        int i = start + 1;
        StringBuilder code = new StringBuilder();
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.strip().startsWith(fence)
                    && line.strip().replace(String.valueOf(fence.charAt(0)), "").isEmpty()) {
                i++;
                break;
            }
            code.append(line).append('\n');
            i++;
        }
        out.append("<pre><code");
        if (!language.isEmpty()) {
            out.append(" class=\"language-")
                    .append(Html.escape(language.replaceAll("[^A-Za-z0-9_+-]", "")))
                    .append('"');
        }
        out.append('>');
        Html.escape(code, out);
        out.append("</code></pre>\n");
        return i;
    }

    private static int indentedCode(List<String> lines, int start, StringBuilder out) {
        int i = start;
        StringBuilder code = new StringBuilder();
        while (i < lines.size()
                && (lines.get(i).startsWith("    ")
                        || lines.get(i).startsWith("\t")
                        || (lines.get(i).isBlank()
                                && i + 1 < lines.size()
                                && lines.get(i + 1).startsWith("    ")))) {
            String line = lines.get(i);
            code.append(line.startsWith("\t") ? line.substring(1) : line.length() >= 4 ? line.substring(4) : "")
                    .append('\n');
            i++;
        }
        out.append("<pre><code>");
        Html.escape(code, out);
        out.append("</code></pre>\n");
        return i;
    }

    private int list(List<String> lines, int start, StringBuilder out) {
        boolean ordered = NUMBERED.matcher(lines.get(start)).matches();
        Pattern item = ordered ? NUMBERED : BULLET;
        if (ordered) {
            Matcher first = NUMBERED.matcher(lines.get(start));
            first.matches();
            long number = Long.parseLong(first.group(1));
            out.append(number == 1 ? "<ol>\n" : "<ol start=\"" + number + "\">\n");
        } else {
            out.append("<ul>\n");
        }
        int i = start;
        List<String> current = null;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher m = item.matcher(line);
            if (m.matches()) {
                flushItem(current, out);
                current = new ArrayList<>();
                current.add(ordered ? m.group(2) : m.group(1));
            } else if (!line.isBlank() && (line.startsWith("  ") || line.startsWith("\t"))) {
                current.add(line.strip());
            } else if (!line.isBlank()
                    && !startsBlock(line)
                    && !lines.get(i - 1).isBlank()) {
                current.add(line.strip()); // a lazy continuation line
            } else if (line.isBlank()
                    && i + 1 < lines.size()
                    && item.matcher(lines.get(i + 1)).matches()) {
                // a blank line between items
            } else {
                break;
            }
            i++;
        }
        flushItem(current, out);
        out.append(ordered ? "</ol>\n" : "</ul>\n");
        return i;
    }

    private void flushItem(List<String> item, StringBuilder out) {
        if (item != null) {
            out.append("<li>").append(inline.render(String.join("\n", item))).append("</li>\n");
        }
    }

    private int table(List<String> lines, int start, StringBuilder out) {
        List<String> header = cells(lines.get(start));
        out.append("<table>\n<thead><tr>");
        for (String cell : header) {
            out.append("<th>").append(inline.render(cell)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        int i = start + 2;
        while (i < lines.size() && !lines.get(i).isBlank() && lines.get(i).contains("|")) {
            List<String> row = cells(lines.get(i));
            out.append("<tr>");
            for (int c = 0; c < header.size(); c++) {
                out.append("<td>")
                        .append(c < row.size() ? inline.render(row.get(c)) : "")
                        .append("</td>");
            }
            out.append("</tr>\n");
            i++;
        }
        out.append("</tbody>\n</table>\n");
        return i;
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("|")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.endsWith("|") && !trimmed.endsWith("\\|")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '\\' && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
