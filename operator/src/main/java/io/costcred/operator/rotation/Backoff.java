package io.costcred.operator.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff after failed rotation attempts, computed from status so it survives restarts.
 */
public final class Backoff {
  private final Duration base;
  private final Duration max;

  public Backoff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));
  }

  /** Earliest time of the next attempt after {@code failedAttempts} consecutive failures. */
  public Instant nextAttempt(int failedAttempts, Instant lastFailure) {
    if (failedAttempts <= 0 || lastFailure == null) {
      return Instant.MIN;
    }
    return lastFailure.plus(delay(failedAttempts));
  }

  public Duration delay(int failedAttempts) {
    int shift = Math.min(failedAttempts - 1, 20);
    Duration d = base.multipliedBy(1L << shift);
    return d.compareTo(max) > 0 ? max : d;
  }
}
