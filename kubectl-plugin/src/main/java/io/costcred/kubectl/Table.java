package io.costcred.kubectl;

import io.costcred.operator.api.text.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns separated by three spaces, as kubectl prints them. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  public Table row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] copy = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      copy[i] = cells[i] == null || cells[i].isEmpty() ? "-" : oneLine(cells[i]);
    }
    rows.add(copy);
    return this;
  }

  public int size() {
    return rows.size() - 1;
  }

  /** Prints every row, each prefixed with {@code indent}. */
  public void print(PrintWriter out, String indent) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  public void print(PrintWriter out) {
    print(out, "");
  }

  /** Cells hold what users wrote (reasons, messages): one line, no terminal escapes. */
  private static String oneLine(String s) {
    return Text.safe(s, Text.LINE);
  }
}
