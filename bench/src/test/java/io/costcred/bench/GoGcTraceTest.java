package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoGcTraceTest {
  @Test
  void theLastCollectionsMarkedHeapIsTheLiveHeap() {
    List<String> log =
        List.of(
            "gc 1 @0.012s 2%: 0.026+0.39+0.028 ms clock, 0.10+0.35/0.53/0.16+0.11 ms cpu,"
                + " 4->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P",
            "I1205 05:40:00.000000 1 controller.go:80] Starting Controller to watch resource type:"
                + " secrets",
            "gc 7 @121.5s 0%: 0.03+2.1+0.01 ms clock, 0.06+0/1.0/2.0+0.02 ms cpu, 14->14->9 MB,"
                + " 18 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)",
            "some later line");

    assertThat(GoGcTrace.lastLiveHeapBytes(log)).hasValue(9L << 20);
  }

  @Test
  void noCollectionYetGivesNothing() {
    assertThat(GoGcTrace.lastLiveHeapBytes(List.of("starting", "gc is not a trace line")))
        .isEmpty();
  }
}
