package io.strata.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns a person can read: a header, each column as wide as its widest cell, two spaces between
 * columns (a cell may hold single spaces, "1.2 KiB", so two or more spaces always separate columns),
 * numbers right-aligned, no trailing blanks.
 */
final class Table {

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers, boolean... rightAligned) {
        this.headers = List.copyOf(headers);
        this.rightAligned = rightAligned.length == headers.size() ? rightAligned.clone() : new boolean[headers.size()];
    }

    void row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " columns, " + cells.length + " cells");
        }
        rows.add(List.of(cells));
    }

    List<String> lines() {
        int[] widths = new int[headers.size()];
        for (List<String> row : all()) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all()) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                String cell = row.get(column);
                String pad = " ".repeat(widths[column] - cell.length());
                line.append(column == 0 ? "" : "  ").append(rightAligned[column] ? pad + cell : cell + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }
}
