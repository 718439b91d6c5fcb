package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the compactor of the heap a burst left (D54) runs a full collection, and when it must not.
 */
class HeapCompactorTest {
  private static final long MIB = 1L << 20;

  /**
   * An old generation the test sets; a compaction leaves the asked share of the live set free, or
   * {@code floor} committed when that is more.
   */
  private static final class FakeHeap implements HeapCompactor.Heap {
    long committed;
    long live;
    long floor;
    final List<Integer> compactions = new ArrayList<>();

    @Override
    public long oldCommitted() {
      return committed;
    }

    @Override
    public void compact(int freeRatio) {
      compactions.add(freeRatio);
      committed = Math.max(floor, live * 100 / (100 - freeRatio));
    }
  }

  private final FakeHeap heap = new FakeHeap();
  private final HeapCompactor compactor =
      new HeapCompactor(heap, Duration.ofSeconds(30), 8 * MIB, 10);

  @Test
  void aHeapABurstGrewIsCompactedOnceItStopsGrowingAtTheGivenRatio() {
    heap.live = 40 * MIB;
    heap.committed = 80 * MIB;

    assertThat(compactor.tick()).as("the first period only learns the size").isFalse();
    heap.committed = 90 * MIB;
    assertThat(compactor.tick()).as("grew during the period: a burst under way").isFalse();
    assertThat(compactor.tick()).as("the same for a period").isTrue();

    assertThat(heap.compactions).containsExactly(10);
    assertThat(heap.committed).isEqualTo(40 * MIB * 100 / 90);
    assertThat(compactor.compactions()).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      assertThat(compactor.tick()).as("nothing grew since").isFalse();
    }
  }

  @Test
  void growthBelowTheMinimumIsNotWorthAFullCollection() {
    heap.live = 40 * MIB;
    heap.committed = 7 * MIB;
    compactor.tick();
    assertThat(compactor.tick()).isFalse();
    heap.committed = 9 * MIB;
    compactor.tick();
    assertThat(compactor.tick()).isTrue();
  }

  @Test
  void aBurstThatTakesEachGainBackDoublesTheWaitUpToTheCap() {
    heap.live = 40 * MIB;
    List<Long> at = new ArrayList<>();
    for (long period = 1; period <= 400; period++) {
      heap.committed = Math.max(heap.committed, 60 * MIB); // the burst needs 60 MiB all along
      if (compactor.tick()) {
        at.add(period);
      }
    }
    // Compacted at 2; the heap grows back in the next period and stays: then 2, 2, 4 periods
    // later, then every MAX_WAIT_PERIODS (101 full collections in 400 periods, not 200).
    assertThat(HeapCompactor.MAX_WAIT_PERIODS).isEqualTo(4);
    assertThat(at).startsWith(2L, 4L, 6L, 10L, 14L, 18L);
    assertThat(at).hasSize(101);
    assertThat(at.get(at.size() - 1) - at.get(at.size() - 2))
        .isEqualTo(HeapCompactor.MAX_WAIT_PERIODS);
  }

  @Test
  void aCompactionThatHoldsResetsTheWait() {
    heap.live = 40 * MIB;
    heap.committed = 60 * MIB;
    compactor.tick();
    compactor.tick(); // compacted (period 2)
    heap.committed = 60 * MIB;
    compactor.tick();
    assertThat(compactor.tick()).as("taken back at once: the wait doubles").isTrue(); // period 4
    for (int i = 0; i < 20; i++) {
      compactor.tick(); // holds for 20 periods, longer than four waits
    }
    heap.committed = 60 * MIB; // the next burst
    compactor.tick();
    assertThat(compactor.tick()).as("one period, not the doubled wait").isTrue();
  }

  @Test
  void aHeapThatCannotShrinkIsCompactedOnceNotEveryPeriod() {
    heap.floor = 200 * MIB; // -Xms
    heap.live = 30 * MIB;
    heap.committed = 200 * MIB;
    compactor.tick();
    assertThat(compactor.tick()).isTrue();
    for (int i = 0; i < 100; i++) {
      assertThat(compactor.tick()).isFalse();
    }
    heap.live = 150 * MIB;
    heap.committed = 240 * MIB; // a burst grew it past the floor
    compactor.tick();
    assertThat(compactor.tick()).isTrue();
    assertThat(heap.compactions).hasSize(2);
  }

  @Test
  void aHeapTheCollectorShrankItselfIsMeasuredFromThere() {
    heap.live = 40 * MIB;
    heap.committed = 80 * MIB;
    compactor.tick();
    compactor.tick(); // compacted to 44.4 MiB
    heap.committed = 28 * MIB; // credentials deleted; the JVM's own full collection shrank it
    for (int i = 0; i < 20; i++) {
      compactor.tick();
    }
    heap.live = 30 * MIB;
    heap.committed = 37 * MIB; // 9 MiB above what the collector left
    compactor.tick();
    assertThat(compactor.tick()).isTrue();
  }

  @Test
  void aRatioOutsideZeroToNinetyNineIsRefused() {
    assertThatThrownBy(() -> new HeapCompactor(heap, Duration.ofSeconds(30), MIB, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HeapCompactor(heap, Duration.ofSeconds(30), MIB, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aZeroPeriodStartsNoThread() {
    HeapCompactor never = new HeapCompactor(heap, Duration.ZERO, MIB, 10);
    never.start();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("heap-compactor"));
    never.close();
  }

  @Test
  void aCompactionTheJvmRefusesTurnsCompactionOffInsteadOfFailingEveryPeriod() {
    int[] attempts = {0};
    HeapCompactor.Heap refusing =
        new HeapCompactor.Heap() {
          @Override
          public long oldCommitted() {
            return 100 * MIB;
          }

          @Override
          public void compact(int freeRatio) {
            attempts[0]++;
            throw new IllegalArgumentException("MaxHeapFreeRatio is not writeable");
          }
        };
    HeapCompactor c = new HeapCompactor(refusing, Duration.ofSeconds(30), MIB, 10);
    for (int i = 0; i < 10; i++) {
      c.safeTick();
    }
    assertThat(attempts[0]).isEqualTo(1);
    c.start();
    assertThat(Thread.getAllStackTraces().keySet())
        .as("no schedule after a failure")
        .noneMatch(t -> t.getName().equals("heap-compactor"));
  }
}
