package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void humanDurationsLikeKubectl() {
    assertThat(Times.human(Duration.ofSeconds(-5))).isEqualTo("0s");
    assertThat(Times.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Times.human(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(Times.human(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(Times.human(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Times.human(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(Times.human(Duration.ofMinutes(310))).isEqualTo("5h10m");
    assertThat(Times.human(Duration.ofHours(20))).isEqualTo("20h");
    assertThat(Times.human(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(Times.human(Duration.ofDays(91))).isEqualTo("91d");
    assertThat(Times.human(Duration.ofDays(800))).isEqualTo("2y70d");
    assertThat(Times.human(Duration.ofDays(3650))).isEqualTo("10y");
  }

  @Test
  void parsesRfc3339WithOffsetsAndFractions() {
    assertThat(Times.parse("2026-01-20T09:02:05Z"))
        .isEqualTo(Instant.parse("2026-01-20T09:02:05Z"));
    assertThat(Times.parse("2026-01-20T10:02:05.123+01:00"))
        .isEqualTo(Instant.parse("2026-01-20T09:02:05.123Z"));
    assertThat(Times.parse("yesterday")).isNull();
    assertThat(Times.parse(null)).isNull();
    assertThat(Times.parse(" ")).isNull();
  }

  @Test
  void ageAndRelative() {
    Instant now = Instant.parse("2026-01-20T09:02:05Z");
    assertThat(Times.age("2025-10-21T09:02:05Z", now)).isEqualTo("91d");
    assertThat(Times.age(null, now)).isEqualTo("-");
    assertThat(Times.relative("2026-01-20T09:07:05Z", now)).isEqualTo("in 5m");
    assertThat(Times.relative("2026-01-20T07:02:05Z", now)).isEqualTo("120m ago");
    assertThat(Times.withRelative("2026-01-20T07:02:05Z", now))
        .isEqualTo("2026-01-20T07:02:05Z (120m ago)");
    assertThat(Times.withRelative(null, now)).isEqualTo("-");
    assertThat(Times.millis(850L)).isEqualTo("850ms");
    assertThat(Times.millis(125_000L)).isEqualTo("2m5s");
    assertThat(Times.millis(null)).isEqualTo("-");
  }

  @Test
  void parsesDurationFlags() {
    assertThat(Times.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Times.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Times.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Times.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Times.parseDuration("300")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Times.parseDuration("5 minutes"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    assertThatThrownBy(() -> Times.parseDuration("3d")).isInstanceOf(CliException.class);
  }
}
