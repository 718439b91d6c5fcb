package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Indexes of the CostCredential cache, so that an event of a Secret, a consumer or a connection
 * finds the CostCredentials it concerns with a lookup per key instead of a scan of every
 * CostCredential of its namespace (at start, every Pod, ReplicaSet and workload is an event). The
 * keys are computed from the spec alone (no connection lookup), so they never go stale when a
 * connection changes: a Secret named by a connection is found through the connection's key. A
 * lookup gives candidates; the caller keeps the exact test it had without the index.
 *
 * <p>Memory: the informer's index keeps a concurrent set per key (about 300 bytes with the key), so
 * a key per Secret or workload name would cost about a kilobyte per CostCredential. Names are
 * hashed into {@value #BUCKETS} buckets per namespace instead: at most that many keys per index and
 * namespace, and a lookup returns about 1/{@value #BUCKETS} of a namespace's CostCredentials (16 of
 * 1,000) for the exact test.
 *
 * <p>The operator's packed stores keep these indexes themselves ({@link PackedStores}), without the
 * informer's sets; without them (a cache of model objects) the informer's indexes are used.
 */
final class PrimaryIndex {
  static final String STORE_SECRETS = "costcred-store-secrets";
  static final String TARGETS = "costcred-restart-targets";
  static final String CONNECTIONS = "costcred-connections";
  static final String POOLS = "costcred-token-pools";

  static final int BUCKETS = 64;

  private final PackedStores stores;

  /**
   * @param stores the packed stores to look up in; null: the informer's indexes (added by {@link
   *     #register})
   */
  PrimaryIndex(PackedStores stores) {
    this.stores = stores;
  }

  /** The indexers, by name, to add to the primary cache before the informers start. */
  static Map<String, Function<CostCredential, List<String>>> indexers() {
    Map<String, Function<CostCredential, List<String>>> out = new LinkedHashMap<>();
    out.put(STORE_SECRETS, PrimaryIndex::storeSecretKeys);
    out.put(TARGETS, PrimaryIndex::targetKeys);
    out.put(CONNECTIONS, cr -> References.connections(cr).stream().map(Object::toString).toList());
    out.put(POOLS, PrimaryIndex::poolKeys);
    return out;
  }

  /**
   * Adds {@link #indexers()} to the controller's CostCredential cache, unless the packed stores
   * index.
   */
  void register(EventSourceContext<CostCredential> ctx) {
    if (stores == null) {
      ctx.getPrimaryCache().addIndexers(indexers());
    }
  }

  /** The key of a Secret (store or pool) by namespace and name. */
  static String secretKey(String namespace, String name) {
    return namespace + "/" + bucket(name);
  }

  /** The key of a workload named in a restart target. */
  static String targetKey(String namespace, WorkloadKind kind, String name) {
    return namespace + "/" + kind.name() + "/" + bucket(name);
  }

  /**
   * The name's hash mixed (MurmurHash3's finalizer), then its low bits: a CostCredential's cache
   * key ({@code namespace/name}) often ends with the name it indexes, so its hash has the same low
   * bits as the name's, and with the name's own low bits (or any bits that keep the name's order,
   * as Fibonacci hashing's) the members of a key crowd a few bins of their set ({@code
   * PrimaryIndexTest}).
   */
  private static int bucket(String name) {
    int h = name.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h & (BUCKETS - 1);
  }

  /** The key of every restart target of this kind that selects by labels. */
  static String selectorKey(String namespace, WorkloadKind kind) {
    return namespace + "/" + kind.name();
  }

  private static List<String> storeSecretKeys(CostCredential cr) {
    String ns = cr.getMetadata().getNamespace();
    return References.storeSecrets(cr).stream().map(n -> secretKey(ns, n)).distinct().toList();
  }

  private static List<String> targetKeys(CostCredential cr) {
    String ns = cr.getMetadata().getNamespace();
    List<String> out = new ArrayList<>();
    for (RestartTarget t : References.targets(cr)) {
      if (t.getKind() == null) {
        continue;
      }
      out.add(
          t.getName() != null
              ? targetKey(ns, t.getKind(), t.getName())
              : selectorKey(ns, t.getKind()));
    }
    return out.stream().distinct().toList();
  }

  private static List<String> poolKeys(CostCredential cr) {
    return References.tokenPool(cr)
        .map(pool -> List.of(secretKey(cr.getMetadata().getNamespace(), pool)))
        .orElse(List.of());
  }

  /** The CostCredentials under any of {@code keys} of one index, each once. */
  Stream<CostCredential> lookup(
      EventSourceContext<CostCredential> ctx, String index, Collection<String> keys) {
    return keys.stream()
        .distinct()
        .flatMap(
            k ->
                stores != null
                    ? stores.byIndex(index, k)
                    : ctx.getPrimaryCache().byIndex(index, k).stream())
        .filter(once());
  }

  private static Predicate<CostCredential> once() {
    Set<ResourceID> seen = new HashSet<>();
    return cr -> seen.add(ResourceID.fromResource(cr));
  }
}
