package io.costcred.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The samples of a Prometheus text exposition, filtered by metric name while parsing. */
final class PromText {
  /** One sample: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {
    String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = samples;
  }

  static PromText parse(String text, Predicate<String> wantedName) {
    List<Sample> out = new ArrayList<>();
    int pos = 0;
    int len = text.length();
    while (pos < len) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        nl = len;
      }
      if (text.charAt(pos) != '#') {
        Sample s = line(text.substring(pos, nl), wantedName);
        if (s != null) {
          out.add(s);
        }
      }
      pos = nl + 1;
    }
    return new PromText(out);
  }

  private static Sample line(String line, Predicate<String> wantedName) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    int nameEnd = brace >= 0 && brace < space ? brace : space;
    String name = line.substring(0, nameEnd);
    if (!wantedName.test(name)) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int valueStart = space + 1;
    if (nameEnd == brace) {
      int close = line.lastIndexOf('}');
      parseLabels(line.substring(brace + 1, close), labels);
      valueStart = close + 2;
    }
    String[] rest = line.substring(valueStart).trim().split("\\s+");
    double v;
    try {
      v = Double.parseDouble(rest[0]);
    } catch (NumberFormatException e) {
      v = Double.NaN; // NaN, +Inf
    }
    return new Sample(name, labels, v);
  }

  private static void parseLabels(String s, Map<String, String> labels) {
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        return;
      }
      String key = s.substring(i, eq).trim();
      StringBuilder val = new StringBuilder();
      int j = eq + 2; // after ="
      while (j < s.length() && s.charAt(j) != '"') {
        if (s.charAt(j) == '\\' && j + 1 < s.length()) {
          j++;
        }
        val.append(s.charAt(j));
        j++;
      }
      labels.put(key, val.toString());
      i = j + 2; // after ",
    }
  }

  List<Sample> samples() {
    return samples;
  }

  /** Sum of every sample of the metric whose labels contain all the given pairs. */
  double sum(String name, String... labelPairs) {
    double total = 0;
    boolean any = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && matches(s, labelPairs) && !Double.isNaN(s.value())) {
        total += s.value();
        any = true;
      }
    }
    return any ? total : 0;
  }

  /** Number of samples of the metric that have a finite value. */
  int countFinite(String name) {
    int n = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && Double.isFinite(s.value())) {
        n++;
      }
    }
    return n;
  }

  private static boolean matches(Sample s, String... pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
