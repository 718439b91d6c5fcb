package io.costcred.operator.provider.vantage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The request budget of one Vantage account (1,000 requests per hour by default), shared by every
 * CostCredential that talks to it. Counts requests in a sliding window and also obeys what the API
 * reports in its x-rate-limit headers.
 */
public final class RateBudget {
  private static final Duration WINDOW = Duration.ofHours(1);
  private final Clock clock;
  private final int limit;
  private final Deque<Instant> sent = new ArrayDeque<>();
  private Instant blockedUntil = Instant.EPOCH;

  public RateBudget(Clock clock, int limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Takes one request from the budget, or says how long to wait. */
  public synchronized Optional<Duration> tryAcquire() {
    Instant now = clock.instant();
    if (now.isBefore(blockedUntil)) {
      return Optional.of(Duration.between(now, blockedUntil));
    }
    Instant windowStart = now.minus(WINDOW);
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
      sent.pollFirst();
    }
    if (sent.size() >= limit) {
      return Optional.of(Duration.between(windowStart, sent.peekFirst()).plusSeconds(1));
    }
    sent.addLast(now);
    return Optional.empty();
  }

  /** Applies what the API reported: no requests left means none until the reset time. */
  public synchronized void observe(Integer remaining, Instant resetAt) {
    if (remaining != null && remaining <= 0 && resetAt != null && resetAt.isAfter(blockedUntil)) {
      blockedUntil = resetAt;
    }
  }

  /** Blocks the budget until the given instant (after a 429). */
  public synchronized void blockUntil(Instant until) {
    if (until.isAfter(blockedUntil)) {
      blockedUntil = until;
    }
  }

  public synchronized int used() {
    return sent.size();
  }

  public int limit() {
    return limit;
  }
}
