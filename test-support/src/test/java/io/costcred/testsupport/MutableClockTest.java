package io.costcred.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  @Test
  void movesOnlyWhenTold() {
    Instant start = Instant.parse("2026-11-22T03:00:00Z");
    MutableClock clock = new MutableClock(start);
    assertThat(clock.instant()).isEqualTo(start);
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(90)));
    clock.set(start.minusSeconds(1));
    assertThat(clock.millis()).isEqualTo(start.minusSeconds(1).toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneId.of("Europe/Berlin"))).isSameAs(clock);
  }
}
