package io.costcred.operator.rotation;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as Kubernetes writes them (second precision, UTC). */
public final class Times {
  private Times() {}

  public static String format(Instant t) {
    return t == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Instant parse(String s) {
    return s == null || s.isBlank() ? null : Instant.parse(s);
  }
}
