package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InternerTest {
  private final Interner interner = new Interner();

  private record Owner(String kind, String name) {}

  @Test
  void equalValuesShareTheFirstInstance() {
    Owner first = new Owner("ReplicaSet", new String("web-7d9f"));
    Owner second = new Owner("ReplicaSet", new String("web-7d9f"));
    Map<String, Set<String>> reads = Map.of("db", Set.of("Env"));

    assertThat(interner.share(first)).isSameAs(first);
    assertThat(interner.share(second)).isSameAs(first);
    assertThat(interner.share(new Owner("ReplicaSet", "web-other"))).isNotSameAs(first);
    assertThat(interner.share(Map.copyOf(reads))).isSameAs(interner.share(Map.copyOf(reads)));
    assertThat(interner.size()).isEqualTo(3);
  }

  @Test
  void nullAndEmptyMapsAreNotKept() {
    assertThat(interner.share((Object) null)).isNull();
    assertThat(interner.share(Map.of())).isEmpty();
    assertThat(interner.size()).isZero();
  }

  /** Thousands of values, each found again; once no record holds them, they go. */
  @Test
  void valuesNobodyHoldsAreCollectedAndTheirSlotsRemoved() throws InterruptedException {
    List<Owner> held = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      held.add(interner.share(new Owner("Pod", "p-" + i)));
    }
    for (int i = 0; i < 20_000; i++) {
      assertThat(interner.share(new Owner("Pod", "p-" + i))).isSameAs(held.get(i));
    }
    assertThat(interner.size()).isEqualTo(20_000);

    Owner kept = held.get(5);
    held.clear();
    for (int round = 0; round < 50 && interner.size() > 1; round++) {
      System.gc();
      Thread.sleep(20);
      interner.expunge();
    }
    assertThat(interner.size()).isEqualTo(1);
    assertThat(interner.share(new Owner("Pod", "p-5"))).isSameAs(kept);
    assertThat(interner.share(new Owner("Pod", "p-6"))).isNotNull();
    assertThat(interner.size()).isEqualTo(2);
  }

  @Test
  void concurrentCallersAgreeOnOneInstancePerValue() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Owner>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<Owner> out = new ArrayList<>();
                  for (int i = 0; i < 2_000; i++) {
                    out.add(interner.share(new Owner("Job", "j-" + i)));
                  }
                  return out;
                }));
      }
      Map<Owner, Boolean> seen = new IdentityHashMap<>();
      for (Future<List<Owner>> r : results) {
        r.get().forEach(o -> seen.put(o, true));
      }
      assertThat(seen).hasSize(2_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
