package io.costcred.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output of {@code jcmd <pid> VM.native_memory summary}: committed KB per category. */
final class NativeMemory {
  private static final Pattern TOTAL =
      Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE);
  private static final Pattern CATEGORY =
      Pattern.compile(
          "^-\\s+(\\S.*?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

  private NativeMemory() {}

  /**
   * Committed MiB by category in jcmd's order, then {@code Total}; empty when the text is not a
   * summary (native memory tracking off: jcmd says so and nothing else).
   */
  static Map<String, Double> committedMiB(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher total = TOTAL.matcher(text);
    if (!total.find()) {
      return out;
    }
    Matcher m = CATEGORY.matcher(text);
    while (m.find()) {
      out.put(m.group(1).trim(), mib(m.group(2)));
    }
    out.put("Total", mib(total.group(1)));
    return out;
  }

  private static double mib(String kb) {
    return Stats.round(Long.parseLong(kb) / 1024.0, 1);
  }
}
