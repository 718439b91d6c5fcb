package io.costcred.operator.provider.vantage;

import io.costcred.operator.provider.CallPriority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The request budget of one Vantage account (1,000 requests per hour by default), shared by every
 * CostCredential that talks to it. Counts requests in a sliding window and also obeys what the API
 * reports in its x-rate-limit headers (the account's budget is shared with the cost tools).
 *
 * <p>Calls are admitted by priority: an emergency may use the whole budget, a rotation all but
 * {@link #emergencyReserve()}, background work (re-verification, revocation polls) at most half. So
 * a burst of scheduled rotations or ten thousand re-verifications never leaves an on-call engineer
 * waiting an hour for the budget.
 */
public final class RateBudget {
  private static final Duration WINDOW = Duration.ofHours(1);
  private final Clock clock;
  private final int limit;
  private final Deque<Instant> sent = new ArrayDeque<>();
  private Instant blockedUntil = Instant.EPOCH;
  private Integer reportedRemaining;
  private Instant reportedReset = Instant.EPOCH;

  public RateBudget(Clock clock, int limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Takes one request from the budget at the given priority, or says how long to wait. */
  public synchronized Optional<Duration> tryAcquire(CallPriority priority) {
    Instant now = clock.instant();
    if (now.isBefore(blockedUntil)) {
      return Optional.of(Duration.between(now, blockedUntil));
    }
    Instant windowStart = now.minus(WINDOW);
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
      sent.pollFirst();
    }
    int kept = reserveFor(priority);
    if (sent.size() >= limit - kept) {
      return Optional.of(untilFewerThan(limit - kept, windowStart));
    }
    if (reportedRemaining != null && now.isBefore(reportedReset) && reportedRemaining <= kept) {
      return Optional.of(Duration.between(now, reportedReset));
    }
    sent.addLast(now);
    if (reportedRemaining != null) {
      reportedRemaining--;
    }
    return Optional.empty();
  }

  /** Requests kept back from calls of this priority. */
  int reserveFor(CallPriority priority) {
    return switch (priority) {
      case EMERGENCY -> 0;
      case ROTATION -> emergencyReserve();
      case BACKGROUND -> Math.max(emergencyReserve(), limit - limit / 2);
    };
  }

  /** Requests per window only an emergency may use: 5 % of the budget, at least one. */
  public int emergencyReserve() {
    return limit < 2 ? 0 : Math.max(1, limit / 20);
  }

  /** Time until fewer than {@code cap} requests are in the window (the oldest ones age out). */
  private Duration untilFewerThan(int cap, Instant windowStart) {
    if (cap <= 0) {
      return WINDOW;
    }
    int skip = sent.size() - cap;
    Iterator<Instant> it = sent.iterator();
    Instant ages = it.next();
    for (int i = 0; i < skip; i++) {
      ages = it.next();
    }
    return Duration.between(windowStart, ages).plusSeconds(1);
  }

  /**
   * Applies what the API reported: the account's remaining requests until the reset time (the cost
   * tools spend the same budget); none left means none until then.
   */
  public synchronized void observe(Integer remaining, Instant resetAt) {
    if (remaining != null && resetAt != null) {
      reportedRemaining = remaining;
      reportedReset = resetAt;
    }
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
