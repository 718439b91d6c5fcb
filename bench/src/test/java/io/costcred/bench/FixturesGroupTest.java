package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixturesGroupTest {
  @Test
  void namespacesHoldAThousandUnlessThePhaseSaysOtherwise() {
    Fixtures.Group g = new Fixtures.Group("rc5k", 5000, 1, 1000, 3, true);
    assertThat(g.namespaces()).hasSize(5).startsWith("bench-rc5k-00").endsWith("bench-rc5k-04");
    assertThat(g.namespaceOf(4999)).isEqualTo("bench-rc5k-04");

    Fixtures.Group one = g.perNamespace(5000);
    assertThat(one.namespaces()).containsExactly("bench-rc5k-00");
    assertThat(one.namespaceOf(4999)).isEqualTo("bench-rc5k-00");
    assertThat(one.size()).isEqualTo(5000);
    assertThat(one.adopt()).isTrue();
  }
}
