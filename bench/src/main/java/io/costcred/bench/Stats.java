package io.costcred.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small numeric helpers. */
final class Stats {
  private Stats() {}

  static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static double mib(long bytes) {
    return round(bytes / 1024.0 / 1024.0, 1);
  }

  /** Nearest-rank percentile (p in 0..100) of the values. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** p50, p90, p99, max, mean and count, in the unit of the values. */
  static Map<String, Object> summary(List<Double> values, int digits) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", values.size());
    m.put("p50", round(percentile(values, 50), digits));
    m.put("p90", round(percentile(values, 90), digits));
    m.put("p99", round(percentile(values, 99), digits));
    m.put("max", round(values.stream().mapToDouble(d -> d).max().orElse(Double.NaN), digits));
    m.put("min", round(values.stream().mapToDouble(d -> d).min().orElse(Double.NaN), digits));
    m.put("mean", round(values.stream().mapToDouble(d -> d).average().orElse(Double.NaN), digits));
    return m;
  }

  static double millisSince(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1_000_000.0;
  }
}
