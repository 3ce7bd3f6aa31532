package uk.org.phobos.agency.cli.out;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A plain text table: columns as wide as their widest cell, two spaces apart, colour codes not counted. */
public final class Table {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        List<String> row = new ArrayList<>();
        for (String cell : cells) {
            row.add(cell == null ? "-" : cell);
        }
        rows.add(row);
        return this;
    }

    public List<String> lines(Style style) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], visible(row.get(i)));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(style.bold(format(headers, widths)));
        for (List<String> row : rows) {
            lines.add(format(row, widths));
        }
        return lines;
    }

    private static String format(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size() && i < widths.length; i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - visible(cell) + 2));
            }
        }
        return line.toString().stripTrailing();
    }

    private static int visible(String cell) {
        return ANSI.matcher(cell)
                .replaceAll("")
                .codePointCount(0, ANSI.matcher(cell).replaceAll("").length());
    }
}
