package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import org.junit.jupiter.api.Test;

class NoRateLimitTest {
  @Test
  void everyResourceSharesOneStateAndIsNeverLimited() {
    NoRateLimit limiter = new NoRateLimit();

    var first = limiter.initState();
    var second = limiter.initState();

    assertThat(second).isSameAs(first);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.isLimited(first)).isEmpty();
    }
  }

  /** What it replaces: JOSDK's default, switched off, still answers with a new state each time. */
  @Test
  void josdksDefaultKeepsAStateOfItsOwnPerResource() {
    LinearRateLimiter josdk = LinearRateLimiter.deactivatedRateLimiter();

    assertThat(josdk.isActivated()).isFalse();
    assertThat(josdk.initState()).isNotSameAs(josdk.initState());
  }
}
