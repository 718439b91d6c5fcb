package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {
  private static List<Double> oneToHundred() {
    List<Double> v = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      v.add((double) i); // unsorted on purpose
    }
    return v;
  }

  @Test
  void percentileIsTheNearestRank() {
    List<Double> v = oneToHundred();
    assertThat(Stats.percentile(v, 50)).isEqualTo(50.0);
    assertThat(Stats.percentile(v, 90)).isEqualTo(90.0);
    assertThat(Stats.percentile(v, 99)).isEqualTo(99.0);
    assertThat(Stats.percentile(v, 100)).isEqualTo(100.0);
    assertThat(Stats.percentile(v, 0)).isEqualTo(1.0);
  }

  @Test
  void percentileOfFewSamplesRoundsTheRankUp() {
    List<Double> v = List.of(30.0, 10.0, 20.0);
    assertThat(Stats.percentile(v, 50)).isEqualTo(20.0); // rank ceil(1.5) = 2
    assertThat(Stats.percentile(v, 90)).isEqualTo(30.0);
    assertThat(Stats.percentile(List.of(7.0), 99)).isEqualTo(7.0);
  }

  @Test
  void percentileOfNothingIsNaN() {
    assertThat(Stats.percentile(List.of(), 50)).isNaN();
  }

  @Test
  void percentileDoesNotReorderTheInput() {
    List<Double> v = new ArrayList<>(List.of(3.0, 1.0, 2.0));
    Stats.percentile(v, 50);
    assertThat(v).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void summaryHasTheUsualFiguresRounded() {
    Map<String, Object> s = Stats.summary(List.of(1.04, 2.06, 3.0, 10.0), 1);
    assertThat(s)
        .containsEntry("count", 4)
        .containsEntry("p50", 2.1)
        .containsEntry("p90", 10.0)
        .containsEntry("max", 10.0)
        .containsEntry("min", 1.0)
        .containsEntry("mean", 4.0);
  }

  @Test
  void roundLeavesNaNAndInfinityAlone() {
    assertThat(Stats.round(Double.NaN, 1)).isNaN();
    assertThat(Stats.round(Double.POSITIVE_INFINITY, 1)).isInfinite();
    assertThat(Stats.round(2.346, 2)).isEqualTo(2.35);
    assertThat(Stats.mib(3L * 1024 * 1024 + 40_000)).isEqualTo(3.0);
    assertThat(Stats.millisSince(1_000_000, 3_500_000)).isEqualTo(2.5);
  }
}
