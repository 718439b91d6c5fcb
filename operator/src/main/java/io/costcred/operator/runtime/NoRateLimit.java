package io.costcred.operator.runtime;

import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import java.time.Duration;
import java.util.Optional;

/**
 * JOSDK's rate limiter as the operator configures it, off (its default is off too), but without a
 * state object per CostCredential: JOSDK asks the limiter for a state when it first sees each
 * resource and keeps it, and its default limiter, even switched off, answers with a new one holding
 * a {@code LocalDateTime} (72 bytes each, 3 objects, measured in the heap dumps of issue 14). Each
 * CostCredential's reconciles are bounded elsewhere: the engine's backoff and JOSDK's retry.
 */
final class NoRateLimit implements RateLimiter<NoRateLimit.Unlimited> {
  /** The one state every resource shares: there is nothing to count. */
  enum Unlimited implements RateLimitState {
    INSTANCE
  }

  @Override
  public Optional<Duration> isLimited(RateLimitState state) {
    return Optional.empty();
  }

  @Override
  public Unlimited initState() {
    return Unlimited.INSTANCE;
  }
}
