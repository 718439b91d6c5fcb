package io.costcred.bench;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a Go process from its {@code GODEBUG=gctrace=1} lines: each collection prints
 * "gc N @Ts P%: ..., A->B->C MB, ..." where C is the heap marked live by that collection (MiB,
 * truncated by the runtime). Go forces a collection after two idle minutes, so at the end of an
 * idle window of 120 s or more the last line is the live heap of an idle process: the figure a JVM
 * gives after a full collection.
 */
final class GoGcTrace {
  private static final Pattern LINE =
      Pattern.compile("^gc \\d+ @[0-9.]+s \\d+%: .*?, \\d+->\\d+->(\\d+) MB, ");

  private GoGcTrace() {}

  /** The live heap in bytes after the last collection these log lines record, if any. */
  static OptionalLong lastLiveHeapBytes(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher m = LINE.matcher(lines.get(i));
      if (m.find()) {
        return OptionalLong.of(Long.parseLong(m.group(1)) << 20);
      }
    }
    return OptionalLong.empty();
  }
}
