package io.costcred.fakevantage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Vantage's account-wide hourly request budget, as a fixed window on the injected clock.
 *
 * <p>A window opens with the first counted request and lasts one hour; {@code x-rate-limit-reset}
 * reports when it ends, so a test can move its clock past that instant to refill the budget.
 */
final class RateLimiter {
  static final int DEFAULT_HOURLY_BUDGET = 1000;
  private static final Duration WINDOW = Duration.ofHours(1);

  private final Clock clock;
  private int limit;
  private int used;
  private Instant windowEnd;

  RateLimiter(Clock clock, int limit) {
    this.clock = clock;
    this.limit = requirePositive(limit);
  }

  /** The values of the three rate-limit headers, plus whether the request may proceed. */
  record Snapshot(boolean allowed, int limit, int remaining, long resetEpochSecond, long now) {
    /** Whole seconds until the window resets, at least 1 (for {@code Retry-After}). */
    long retryAfterSeconds() {
      return Math.max(1, resetEpochSecond - now);
    }
  }

  /** Counts one request against the budget, or refuses it when the budget is spent. */
  synchronized Snapshot acquire() {
    Instant now = clock.instant();
    if (windowEnd == null || !now.isBefore(windowEnd)) {
      windowEnd = now.plus(WINDOW);
      used = 0;
    }
    boolean allowed = used < limit;
    if (allowed) {
      used++;
    }
    return new Snapshot(
        allowed, limit, limit - Math.min(used, limit), resetOf(windowEnd), secs(now));
  }

  /** The current state without counting anything (for responses that do not use the budget). */
  synchronized Snapshot peek() {
    Instant now = clock.instant();
    if (windowEnd == null || !now.isBefore(windowEnd)) {
      return new Snapshot(true, limit, limit, resetOf(now.plus(WINDOW)), secs(now));
    }
    int remaining = Math.max(0, limit - used);
    return new Snapshot(remaining > 0, limit, remaining, resetOf(windowEnd), secs(now));
  }

  synchronized void setLimit(int newLimit) {
    limit = requirePositive(newLimit);
  }

  synchronized int limit() {
    return limit;
  }

  synchronized void reset(int newLimit) {
    limit = requirePositive(newLimit);
    used = 0;
    windowEnd = null;
  }

  private static long secs(Instant instant) {
    return instant.getEpochSecond();
  }

  // Round up so a client sleeping until the reported reset never wakes inside the old window.
  private static long resetOf(Instant end) {
    return end.getNano() == 0 ? end.getEpochSecond() : end.getEpochSecond() + 1;
  }

  private static int requirePositive(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("hourly budget must be at least 1");
    }
    return value;
  }
}
