package io.costcred.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Reloader-vs-costcred table of the restart phase: one row per figure and size, each with both
 * values and the ratio costcred / Reloader (below 1 means the operator does better).
 */
final class RestartComparison {
  private RestartComparison() {}

  /** Rows of {figure, reloader, costcred, ratio} from the phase's per-size results. */
  static List<Map<String, Object>> of(Map<String, Object> sizes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (var e : sizes.entrySet()) {
      String at = " at " + e.getKey() + " objects";
      Object r = Report.get(e.getValue(), "reloader");
      Object c = Report.get(e.getValue(), "costcred");
      rows.add(
          row(
              "Secret write -> template changed, p50 ms" + at,
              r,
              c,
              "latency",
              "secretToTemplateMs",
              "p50"));
      rows.add(
          row(
              "Secret write -> template changed, p90 ms" + at,
              r,
              c,
              "latency",
              "secretToTemplateMs",
              "p90"));
      rows.add(row("RSS idle, MiB" + at, r, c, "memory", "rssMiB"));
      rows.add(
          row("RSS after a full GC, MiB (JVM only)" + at, r, c, "memory", "rssAfterFullGcMiB"));
      rows.add(
          row(
              "live heap after a collection, MiB (JVM: full GC; Go: last GC, gctrace)" + at,
              r,
              c,
              "memory",
              "liveHeapMiB"));
      rows.add(
          row(
              "API requests per minute idle, leases and watches excluded" + at,
              r,
              c,
              "idle",
              "requestsPerMinuteExcludingLeases"));
      rows.add(row("CPU idle, % of one core" + at, r, c, "idle", "cpuPercentOfOneCore"));
    }
    slope(sizes, "RSS", "rssMiB").ifPresent(rows::add);
    slope(sizes, "RSS after a full GC", "rssAfterFullGcMiB").ifPresent(rows::add);
    slope(sizes, "live heap", "liveHeapMiB").ifPresent(rows::add);
    return rows;
  }

  private static java.util.Optional<Map<String, Object>> slope(
      Map<String, Object> sizes, String what, String key) {
    if (sizes.size() < 2) {
      return java.util.Optional.empty();
    }
    List<String> keys = new ArrayList<>(sizes.keySet());
    keys.sort((a, b) -> Integer.parseInt(a) - Integer.parseInt(b));
    String small = keys.get(0);
    String big = keys.get(keys.size() - 1);
    double objects = Integer.parseInt(big) - Integer.parseInt(small);
    Double r = perObjectKib(sizes, "reloader", key, small, big, objects);
    Double c = perObjectKib(sizes, "costcred", key, small, big, objects);
    return java.util.Optional.of(
        cells(what + " per extra managed object, KiB (" + small + " -> " + big + ")", r, c));
  }

  private static Double perObjectKib(
      Map<String, Object> sizes,
      String tool,
      String key,
      String small,
      String big,
      double objects) {
    Object a = Report.get(sizes.get(small), tool, "memory", key);
    Object b = Report.get(sizes.get(big), tool, "memory", key);
    if (a instanceof Number x && b instanceof Number y) {
      return Stats.round((y.doubleValue() - x.doubleValue()) * 1024 / objects, 2);
    }
    return null;
  }

  private static Map<String, Object> row(
      String figure, Object reloader, Object costcred, String... path) {
    return cells(figure, number(Report.get(reloader, path)), number(Report.get(costcred, path)));
  }

  private static Double number(Object o) {
    return o instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : null;
  }

  private static Map<String, Object> cells(String figure, Double reloader, Double costcred) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("figure", figure);
    m.put("reloader", reloader);
    m.put("costcred", costcred);
    m.put(
        "ratio",
        // A ratio over zero or a negative figure (an RSS that shrank between sizes) says nothing.
        reloader == null || costcred == null || reloader <= 0
            ? null
            : Stats.round(costcred / reloader, 2));
    return m;
  }

  /** The rows as a Markdown table; "-" where a value is missing. */
  static String markdown(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| | Reloader | costcred | costcred / Reloader |\n|---|---:|---:|---:|\n");
    for (Map<String, Object> r : rows) {
      b.append("| ")
          .append(r.get("figure"))
          .append(" | ")
          .append(cell(r.get("reloader")))
          .append(" | ")
          .append(cell(r.get("costcred")))
          .append(" | ")
          .append(cell(r.get("ratio")))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String cell(Object o) {
    return o == null ? "-" : o.toString();
  }
}
