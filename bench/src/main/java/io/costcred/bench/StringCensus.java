package io.costcred.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import shark.CloseableHeapGraph;
import shark.HeapField;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofRecordTag;

/**
 * The strings of a heap dump held more than once: values grouped by their shape (every run of
 * digits read as {@code N}, so {@code team-7/cc-42} and {@code team-3/cc-9} are one row), with the
 * copies per value and the bytes the copies beyond the first cost (a String of 24 bytes, and its
 * byte array when it has one of its own). What D59 found four times per credential. {@code java -cp
 * bench/target/costcred-bench.jar io.costcred.bench.StringCensus DUMP.hprof [TOP]}.
 */
final class StringCensus {
  private static final int STRING = 24;
  private static final int ARRAY_HEADER = 16;

  /** One shape: how many values, strings and byte arrays, and what the extra copies cost. */
  record Row(String shape, int values, int strings, int arrays, long extraBytes) {
    double copiesPerValue() {
      return (double) strings / values;
    }
  }

  private StringCensus() {}

  /** The shapes of the values held more than once, most extra bytes first. */
  static List<Row> census(Path hprof) throws IOException {
    Map<String, Integer> strings = new HashMap<>();
    Map<String, Set<Long>> arrays = new HashMap<>();
    try (CloseableHeapGraph g =
        HprofHeapGraph.Companion.openHeapGraph(
            hprof.toFile(), null, HprofRecordTag.Companion.getRootTags())) {
      HeapObject.HeapClass type = g.findClassByName("java.lang.String");
      var it = type.getInstances().iterator();
      while (it.hasNext()) {
        HeapObject.HeapInstance s = it.next();
        String value = s.readAsJavaString();
        if (value == null) {
          continue;
        }
        strings.merge(value, 1, Integer::sum);
        HeapField array = s.get("java.lang.String", "value");
        Long id = array == null ? null : array.getValue().getAsObjectId();
        arrays.computeIfAbsent(value, v -> new HashSet<>()).add(id == null ? 0L : id);
      }
    }
    Map<String, long[]> byShape = new HashMap<>();
    strings.forEach(
        (value, n) -> {
          if (n < 2) {
            return;
          }
          int distinctArrays = arrays.get(value).size();
          long extra =
              (long) STRING * (n - 1)
                  + (long) align(ARRAY_HEADER + value.length()) * (distinctArrays - 1);
          long[] row = byShape.computeIfAbsent(shape(value), s -> new long[4]);
          row[0]++;
          row[1] += n;
          row[2] += distinctArrays;
          row[3] += extra;
        });
    List<Row> out = new ArrayList<>();
    byShape.forEach(
        (shape, r) -> out.add(new Row(shape, (int) r[0], (int) r[1], (int) r[2], r[3])));
    out.sort(Comparator.comparingLong(Row::extraBytes).reversed());
    return out;
  }

  /**
   * Digits as {@code N}; any run of 12 or more letters, digits, {@code +}, {@code =} or {@code _}
   * as {@code <opaque>}, so that no token or key the dump holds reaches the printed table (object
   * names, cut by {@code -}, {@code .} and {@code /} into short runs, stay readable); long values
   * cut (a shape is for reading, not for matching).
   */
  static String shape(String value) {
    String s = value.replaceAll("[A-Za-z0-9+=_]{12,}", "<opaque>").replaceAll("[0-9]+", "N");
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static int align(int bytes) {
    return (bytes + 7) & ~7;
  }

  /** A Markdown table of the first {@code top} rows. */
  static String table(List<Row> rows, int top) {
    StringBuilder sb =
        new StringBuilder(
            "| bytes beyond one copy | values | strings | copies per value | shape |\n");
    sb.append("|---:|---:|---:|---:|---|\n");
    for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %.2f | `%s` |%n",
              r.extraBytes(),
              r.values(),
              r.strings(),
              r.copiesPerValue(),
              r.shape().replace("`", "'").replace("|", "/")));
    }
    return sb.toString();
  }

  /** {@code DUMP.hprof [TOP]}. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: StringCensus DUMP.hprof [TOP]");
      System.exit(2);
    }
    try {
      int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
      System.out.println(table(census(Path.of(args[0])), top));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
