package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromTextTest {
  private static final String TEXT =
      """
      # HELP costcred_rotations_total Rotations.
      # TYPE costcred_rotations_total counter
      costcred_rotations_total{trigger="Manual",outcome="Succeeded"} 12.0
      costcred_rotations_total{trigger="Emergency",outcome="Succeeded"} 3.0
      costcred_rotations_total{trigger="Manual",outcome="Failed"} 1.0
      costcred_token_age_seconds{namespace="a",name="x"} NaN
      costcred_token_age_seconds{namespace="a",name="y"} 42.5
      jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.5E7
      jvm_memory_used_bytes{area="heap",id="Eden Space"} 5000000.0
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4.0E7
      process_cpu_time_ns_total 123456789 1712345678000
      odd_label{path="a\\"b,c=d",x="1"} +Inf
      not_wanted{a="b"} 7
      """;

  private static PromText parse() {
    return PromText.parse(TEXT, n -> !n.equals("not_wanted"));
  }

  @Test
  void sumsTheSamplesWhoseLabelsMatch() {
    PromText p = parse();
    assertThat(p.sum("costcred_rotations_total")).isEqualTo(16.0);
    assertThat(p.sum("costcred_rotations_total", "trigger", "Manual")).isEqualTo(13.0);
    assertThat(p.sum("costcred_rotations_total", "trigger", "Manual", "outcome", "Succeeded"))
        .isEqualTo(12.0);
    assertThat(p.sum("jvm_memory_used_bytes", "area", "heap")).isEqualTo(2.0e7);
    assertThat(p.sum("costcred_rotations_total", "trigger", "Scheduled")).isZero();
  }

  @Test
  void readsSamplesWithoutLabelsAndWithATimestamp() {
    assertThat(parse().sum("process_cpu_time_ns_total")).isEqualTo(123456789.0);
  }

  @Test
  void nanAndInfinityAreKeptButNotSummedOrCounted() {
    PromText p = parse();
    assertThat(p.sum("costcred_token_age_seconds")).isEqualTo(42.5);
    assertThat(p.countFinite("costcred_token_age_seconds")).isEqualTo(1);
    assertThat(p.samples()).anyMatch(s -> s.name().equals("odd_label"));
  }

  @Test
  void unescapesQuotedLabelValuesWithCommasAndEquals() {
    PromText.Sample s =
        parse().samples().stream().filter(x -> x.name().equals("odd_label")).findFirst().get();
    assertThat(s.label("path")).isEqualTo("a\"b,c=d");
    assertThat(s.label("x")).isEqualTo("1");
    assertThat(s.label("missing")).isEmpty();
  }

  @Test
  void skipsCommentsAndNamesTheFilterRejects() {
    PromText p = parse();
    assertThat(p.samples()).noneMatch(s -> s.name().equals("not_wanted"));
    assertThat(p.samples()).noneMatch(s -> s.name().startsWith("#"));
    assertThat(p.samples()).hasSize(10);
  }

  @Test
  void emptyTextHasNoSamples() {
    assertThat(PromText.parse("", n -> true).samples()).isEmpty();
    assertThat(PromText.parse("\n\n", n -> true).samples()).isEmpty();
  }
}
