package io.costcred.operator.api.text;

/**
 * Makes a value a user wrote safe for one line of a log, an Event, status or a terminal: no line
 * breaks (a forged log line), no control characters (terminal escapes), no bidi overrides (text
 * that reads differently than it is), and a bounded length. One implementation for the operator
 * (status, Events, logs) and the kubectl plugin (what it prints from the cluster).
 */
public final class Text {
  /** Limit for reasons and messages a user writes (emergency reason, rotate annotation). */
  public static final int REASON = 1024;

  /** Limit for who asked (a Kubernetes username). */
  public static final int REQUESTED_BY = 256;

  /** Limit for a Kubernetes name or key. */
  public static final int NAME = 253;

  /** Longest value the kubectl plugin prints on one line. */
  public static final int LINE = 4096;

  private Text() {}

  /**
   * {@code value} with line and paragraph breaks and tabs turned into spaces, every other C0/C1
   * control and bidi control removed, cut to at most {@code maxLength} chars (never inside a
   * surrogate pair). Null stays null.
   */
  public static String safe(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
    for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
      char c = value.charAt(i);
      if (isBreak(c)) {
        out.append(' ');
      } else if (isControl(c)) {
        continue;
      } else if (Character.isHighSurrogate(c)) {
        boolean paired = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        if (paired && out.length() + 2 <= maxLength) {
          out.append(c).append(value.charAt(++i));
        } else {
          break; // a lone surrogate or no room for the pair
        }
      } else if (Character.isLowSurrogate(c)) {
        continue; // lone low surrogate
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isBreak(char c) {
    return c == '\n'
        || c == '\r'
        || c == '\t'
        || c == '\u000B'
        || c == '\f'
        || c == '\u0085'
        || c == '\u2028'
        || c == '\u2029';
  }

  private static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F)
        || c == '\u061C' // Arabic letter mark
        || c == '\u200E' // left-to-right mark
        || c == '\u200F' // right-to-left mark
        || (c >= '\u202A' && c <= '\u202E') // embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069'); // isolates
  }
}
