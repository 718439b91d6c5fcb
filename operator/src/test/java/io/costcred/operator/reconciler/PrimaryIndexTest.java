package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The informer keeps, per index key, a concurrent set of the cache keys ({@code namespace/name}) of
 * the CostCredentials that have it. Those keys must spread over the set's bins as any keys do: when
 * they share their low hash bits with the bucket that put them there, a set of 36 fills 4 of its
 * 128 bins and turns them into trees (48-byte nodes, a bin object, a table twice the size), as the
 * heap dumps of the D56 bench run showed (10,310 tree nodes at 5,000 credentials).
 */
class PrimaryIndexTest {
  /** ConcurrentHashMap turns a bin of this many nodes into a tree. */
  private static final int TREEIFY_THRESHOLD = 8;

  /** What ConcurrentHashMap does: its bin count for n entries, and its spread of a hash. */
  private static int tableSize(int entries) {
    int n = 16;
    while (entries > n * 3 / 4) {
      n *= 2;
    }
    return n;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) & 0x7fffffff;
  }

  @ParameterizedTest
  @CsvSource({
    "bench-rc1k-00, cc-%05d, 1000, store",
    "bench-rc5k-03, cc-%05d, 5000, store",
    "team-a, billing-%d, 1000, store",
    "bench-rc1k-00, cc-%05d-pool, 1000, store",
    "bench-rc1k-00, consumer-%d, 1000, target",
  })
  void theCredentialsOfOneKeySpreadOverTheirSetsBins(
      String namespace, String names, int count, String index) {
    BiFunction<String, String, String> key =
        index.equals("store")
            ? PrimaryIndex::secretKey
            : (ns, n) -> PrimaryIndex.targetKey(ns, WorkloadKind.Deployment, n);
    Map<String, List<String>> members = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String name = names.formatted(i);
      members
          .computeIfAbsent(key.apply(namespace, name), k -> new ArrayList<>())
          .add(namespace + "/" + name.replace("-pool", ""));
    }
    assertThat(members).hasSize(PrimaryIndex.BUCKETS);
    for (Map.Entry<String, List<String>> set : members.entrySet()) {
      int table = tableSize(set.getValue().size());
      int[] bins = new int[table];
      for (String member : set.getValue()) {
        bins[spread(member.hashCode()) & (table - 1)]++;
      }
      int fullest = java.util.Arrays.stream(bins).max().orElse(0);
      assertThat(fullest)
          .as(
              "the fullest of %d bins for the %d members of %s",
              table, set.getValue().size(), set.getKey())
          .isLessThan(TREEIFY_THRESHOLD);
    }
  }
}
