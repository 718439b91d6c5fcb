package io.costcred.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of RFC 3339 status times and kubectl-style human durations. */
public final class Times {
  private Times() {}

  /** The instant of an RFC 3339 time, or null when absent or unreadable. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /**
   * A short human duration like kubectl's AGE column: {@code 45s}, {@code 3m20s}, {@code 2h},
   * {@code 5h10m}, {@code 3d4h}, {@code 91d}, {@code 2y30d}. Negative durations count as zero.
   */
  public static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      long rest = s % 60;
      return rest == 0 ? m + "m" : m + "m" + rest + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      long rest = m % 60;
      return rest == 0 ? h + "h" : h + "h" + rest + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (h < 24 * 8) {
      long rest = h % 24;
      return rest == 0 ? days + "d" : days + "d" + rest + "h";
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    long years = days / 365;
    long restDays = days % 365;
    if (years < 8) {
      return restDays == 0 ? years + "y" : years + "y" + restDays + "d";
    }
    return years + "y";
  }

  /** Age of a status time, e.g. {@code 91d}; {@code -} when absent. */
  public static String age(String time, Instant now) {
    Instant t = parse(time);
    return t == null ? "-" : human(Duration.between(t, now));
  }

  /** {@code in 3d} for a future time, {@code 2h ago} for a past one; empty when absent. */
  public static String relative(String time, Instant now) {
    Instant t = parse(time);
    if (t == null) {
      return "";
    }
    return t.isAfter(now)
        ? "in " + human(Duration.between(now, t))
        : human(Duration.between(t, now)) + " ago";
  }

  /** {@code <time> (<relative>)}, or {@code -} when absent. */
  public static String withRelative(String time, Instant now) {
    if (time == null || time.isBlank()) {
      return "-";
    }
    String rel = relative(time, now);
    return rel.isEmpty() ? time : time + " (" + rel + ")";
  }

  /** Milliseconds as a short duration: {@code 850ms}, {@code 12s}, {@code 3m20s}. */
  public static String millis(Long ms) {
    if (ms == null) {
      return "-";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    return human(Duration.ofMillis(ms));
  }

  /**
   * Parses a duration flag value: Go-style ({@code 90s}, {@code 15m}, {@code 1h30m}) or plain
   * seconds ({@code 300}).
   */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.trim();
    if (t.matches("[0-9]+")) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    if (!t.matches("([0-9]+(\\.[0-9]+)?(h|m|s|ms))+")) {
      throw CliException.usage(
          "invalid duration '" + text + "': use e.g. 90s, 15m, 1h30m (or plain seconds)");
    }
    var matcher = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|h|m|s)").matcher(t);
    double millis = 0;
    while (matcher.find()) {
      double v = Double.parseDouble(matcher.group(1));
      millis +=
          switch (matcher.group(2)) {
            case "h" -> v * 3_600_000;
            case "m" -> v * 60_000;
            case "s" -> v * 1000;
            default -> v;
          };
    }
    return Duration.ofMillis((long) millis);
  }
}
