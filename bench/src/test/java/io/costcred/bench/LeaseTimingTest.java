package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaseTimingTest {
  @Test
  void parsesRetryRenewDeadlineAndDuration() {
    LeaseTiming t = LeaseTiming.parse(" 10/30/45 ");
    assertThat(t).isEqualTo(new LeaseTiming(10, 30, 45));
    assertThat(t.operatorArgs())
        .containsExactly(
            "--lease-retry-period=10", "--lease-renew-deadline=30", "--lease-duration=45");
    assertThat(t.label()).isEqualTo("retry10s-renew30s-lease45s");
    assertThat(t.expectedWritesPerMinute()).isEqualTo(6.0);
    assertThat(LeaseTiming.parseList("2/10/15,10/30/45"))
        .containsExactly(new LeaseTiming(2, 10, 15), t);
  }

  @Test
  void refusesTimingsTheOperatorWouldRefuse() {
    assertThatThrownBy(() -> LeaseTiming.parse("10/10/15"))
        .isInstanceOf(Options.UsageException.class);
    assertThatThrownBy(() -> LeaseTiming.parse("2/15/15"))
        .isInstanceOf(Options.UsageException.class);
    assertThatThrownBy(() -> LeaseTiming.parse("0/10/15"))
        .isInstanceOf(Options.UsageException.class);
    assertThatThrownBy(() -> LeaseTiming.parse("2/10")).isInstanceOf(Options.UsageException.class);
    assertThatThrownBy(() -> LeaseTiming.parse("a/b/c")).isInstanceOf(Options.UsageException.class);
  }
}
