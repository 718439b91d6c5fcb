package io.costcred.kubectl;

import io.costcred.operator.api.text.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code Label: value} lines with the values aligned, as kubectl describe prints them. */
final class Fields {
  private final List<String[]> lines = new ArrayList<>();

  Fields add(String label, String value) {
    // Values hold what users wrote (reasons, requesters): one line, no terminal escapes.
    String safe = Text.safe(value, Text.LINE);
    lines.add(new String[] {label, safe == null || safe.isBlank() ? "<none>" : safe});
    return this;
  }

  /** Adds the line only when there is a value. */
  Fields addIfPresent(String label, String value) {
    if (value != null && !value.isBlank()) {
      add(label, value);
    }
    return this;
  }

  void print(PrintWriter out, String indent) {
    int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0) + 2;
    for (String[] l : lines) {
      String label = l[0] + ":";
      out.println(indent + label + " ".repeat(Math.max(1, width - label.length() + 1)) + l[1]);
    }
  }
}
