package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
  @Test
  void closesInReverseOrderOnceEvenIfOneFails() {
    List<String> closed = new ArrayList<>();
    Cleanup c = new Cleanup();
    c.add(() -> closed.add("cluster"));
    c.add(
        () -> {
          closed.add("peers");
          throw new IllegalStateException("boom");
        });
    c.add(() -> closed.add("operator"));
    c.close();
    c.close();
    assertThat(closed).containsExactly("operator", "peers", "cluster");
  }
}
