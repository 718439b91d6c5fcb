package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations of the spec (e.g. {@code 2160h}, {@code 1h30m}, {@code 500ms}). */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|h|m|s)");

  private Durations() {}

  public static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new PermanentException(Reasons.INVALID_SPEC, field + " is empty");
    }
    Matcher m = PART.matcher(text);
    int pos = 0;
    double millis = 0;
    while (m.find() && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1_000;
            case "ms" -> n;
            default -> throw new IllegalStateException("unreachable");
          };
      pos = m.end();
    }
    if (pos != text.length() || millis <= 0) {
      throw new PermanentException(
          Reasons.INVALID_SPEC, field + " is not a positive duration such as 24h or 90m");
    }
    return Duration.ofMillis((long) millis);
  }

  public static Duration parseOr(String text, Duration fallback, String field) {
    return text == null ? fallback : parse(text, field);
  }
}
