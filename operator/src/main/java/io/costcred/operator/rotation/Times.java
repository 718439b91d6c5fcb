package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 timestamps as Kubernetes writes them (second precision, UTC). Status values are read
 * back from an object users can patch, so a malformed one is a typed {@link Reasons#INVALID_STATUS}
 * failure (a condition and backoff), never an unchecked exception that fails every reconcile.
 */
public final class Times {
  private Times() {}

  public static String format(Instant t) {
    return t == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Parses a timestamp; null or blank is null.
   *
   * @throws PermanentException with reason {@link Reasons#INVALID_STATUS} when malformed
   */
  public static Instant parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new PermanentException(
          Reasons.INVALID_STATUS, "a status timestamp is not RFC 3339 (it was not acted on)");
    }
  }

  /** Parses a timestamp; null, blank or malformed is null. */
  public static Instant parseOrNull(String s) {
    try {
      return parse(s);
    } catch (PermanentException e) {
      return null;
    }
  }

  /** Null, blank, or a well-formed timestamp. */
  public static boolean valid(String s) {
    if (s == null || s.isBlank()) {
      return true;
    }
    try {
      Instant.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
