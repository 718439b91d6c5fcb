package io.costcred.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output of {@code jcmd <pid> GC.class_histogram}: live objects per class, by bytes. */
record ClassHistogram(List<Row> rows, long totalInstances, long totalBytes) {
  private static final Pattern ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\((.*)\\))?\\s*$");
  private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  /** One class: instances, shallow bytes, name (module suffix dropped). */
  record Row(String className, long instances, long bytes) {}

  /** Parses the jcmd output; rows keep jcmd's order (bytes, descending). */
  static ClassHistogram parse(String text) {
    List<Row> rows = new ArrayList<>();
    long instances = 0;
    long bytes = 0;
    boolean total = false;
    for (String line : text.split("\\R")) {
      Matcher r = ROW.matcher(line);
      if (r.matches()) {
        rows.add(new Row(r.group(3), Long.parseLong(r.group(1)), Long.parseLong(r.group(2))));
        continue;
      }
      Matcher t = TOTAL.matcher(line);
      if (t.matches()) {
        instances = Long.parseLong(t.group(1));
        bytes = Long.parseLong(t.group(2));
        total = true;
      }
    }
    if (!total) {
      for (Row row : rows) {
        instances += row.instances();
        bytes += row.bytes();
      }
    }
    return new ClassHistogram(rows, instances, bytes);
  }

  /**
   * The top {@code n} classes and the totals for results.json; {@code perObject} divides bytes by
   * the number of managed objects (0: no per-object figure).
   */
  Map<String, Object> summary(int n, int perObject) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("totalInstances", totalInstances);
    out.put("totalMiB", Stats.mib(totalBytes));
    if (perObject > 0) {
      out.put("totalBytesPerObject", Math.round((double) totalBytes / perObject));
    }
    List<Map<String, Object>> top = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(n, rows.size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class", row.className());
      m.put("instances", row.instances());
      m.put("bytes", row.bytes());
      if (perObject > 0) {
        m.put("bytesPerObject", Math.round((double) row.bytes() / perObject));
      }
      top.add(m);
    }
    out.put("top", top);
    return out;
  }
}
