package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PackedCredentialStoreTest {
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final PackedCredentialStore store =
      new PackedCredentialStore(new CredentialPacker(serialization));

  /** A CostCredential as the bench's cluster held it after its first rotation, names changed. */
  static CostCredential credential(KubernetesSerialization s, String ns, int i) {
    String name = String.format("svc-%05d", i);
    String uid = String.format("36a82db2-c597-4e93-aa3f-%012d", i);
    String fp = String.format("%032x", 0x59ded61f2e4aL * (i + 1));
    String json =
        """
        {"apiVersion":"costcred.io/v1alpha1","kind":"CostCredential","metadata":{\
        "creationTimestamp":"2026-12-04T21:26:26Z",\
        "finalizers":["costcredentials.costcred.io/finalizer"],"generation":1,\
        "labels":{"team":"finops"},"name":"NAME","namespace":"NS","resourceVersion":"4544%d",\
        "uid":"UID"},"spec":{"deletionPolicy":"Retain","provider":{"vantage":{\
        "apiBaseUrl":"https://api.vantage.sh","requiredScopes":["read"],\
        "reverifyInterval":"1h","revocationCheckInterval":"5m",\
        "tokenPool":{"lowWatermark":0,"name":"NAME-pool"}}},\
        "restartTargets":[{"kind":"Deployment","name":"consumer-%d"}],\
        "rotation":{"gracePeriod":"24h","preset":"production","rolloutTimeout":"15m"},\
        "stores":[{"kubernetesSecret":{"keys":[{"field":"token","key":"token"}],\
        "name":"NAME"}}]},"status":{"conditions":[\
        {"lastTransitionTime":"2026-12-04T21:28:59Z","message":"token t1 served by 1 store(s)",\
        "observedGeneration":1,"reason":"CredentialCurrent","status":"True","type":"Ready"},\
        {"lastTransitionTime":"2026-12-04T21:28:59Z","message":"no rotation in progress",\
        "observedGeneration":1,"reason":"Idle","status":"False","type":"Rotating"},\
        {"lastTransitionTime":"2026-12-04T21:27:20Z","message":"","observedGeneration":1,\
        "reason":"AsExpected","status":"False","type":"Degraded"}],\
        "consumedTokens":["FP"],"consumers":[{"kind":"Deployment","name":"consumer-%d",\
        "pods":1,"podsCurrent":1,"podsOld":0,"reads":["Env"],"restart":"Target"}],\
        "currentToken":{"createdAt":"2026-12-04T21:26:25Z","description":"NS/NAME #1",\
        "fingerprint":"FP","id":"t1","obtainedAt":"2026-12-04T21:27:20Z",\
        "rotationId":"UID-r1","scopes":["read"],"verifiedAt":"2026-12-04T21:27:20Z"},\
        "history":[{"completedAt":"2026-12-04T21:28:59Z","durationMillis":99443,\
        "outcome":"Succeeded","rolloutMillis":99443,"rotationId":"UID-r1",\
        "startedAt":"2026-12-04T21:27:20Z","trigger":"Initial"}],\
        "lastRotationTime":"2026-12-04T21:28:59Z","nextRotationTime":"2027-03-04T21:28:59Z",\
        "observedGeneration":1,"poolRemaining":2,"provider":"vantage","revision":1,\
        "stores":[{"fingerprint":"FP","publishedAt":"2026-12-04T21:27:21Z",\
        "store":"kubernetesSecret/NAME","version":"18397"}]}}"""
            .formatted(i, i, i)
            .replace("NAME", name)
            .replace("NS", ns)
            .replace("UID", uid)
            .replace("FP", fp);
    return s.unmarshal(json, CostCredential.class);
  }

  private String key(CostCredential cr) {
    return store.getKey(cr);
  }

  @Test
  void keepsEveryFieldAndAnswersWithTheObjectAsItWasPut() {
    CostCredential cr = credential(serialization, "team-a", 7);

    assertThat(store.put(key(cr), cr)).isNull();

    CostCredential read = store.get("team-a/svc-00007");
    assertThat(read).isNotSameAs(cr);
    assertThat(serialization.asJson(read)).isEqualTo(serialization.asJson(cr));
    assertThat(read.getStatus().getConditions()).hasSize(3);
    assertThat(read.getSpec().getRestartTargets().get(0).getName()).isEqualTo("consumer-7");
  }

  @Test
  void aReaderChangingItsCopyLeavesTheCacheAlone() {
    CostCredential cr = credential(serialization, "team-a", 1);
    store.put(key(cr), cr);

    CostCredential read = store.get(key(cr));
    read.getStatus().getConditions().clear();
    read.getMetadata().setResourceVersion("999");
    cr.getSpec().getStores().clear();

    CostCredential again = store.get(key(cr));
    assertThat(again.getStatus().getConditions()).hasSize(3);
    assertThat(again.getMetadata().getResourceVersion()).isEqualTo("45441");
    assertThat(again.getSpec().getStores()).hasSize(1);
  }

  @Test
  void putAndRemoveAnswerWithThePreviousObjectAsTheInformerCacheNeedsForItsIndexes() {
    CostCredential first = credential(serialization, "team-a", 3);
    store.put(key(first), first);
    CostCredential second = credential(serialization, "team-a", 3);
    second.getMetadata().setResourceVersion("50000");
    second.getSpec().getRestartTargets().get(0).setName("moved");

    CostCredential old = store.put(key(second), second);

    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("45443");
    assertThat(old.getSpec().getRestartTargets().get(0).getName()).isEqualTo("consumer-3");
    assertThat(store.size()).isEqualTo(1);
    CostCredential removed = store.remove(key(second));
    assertThat(removed.getSpec().getRestartTargets().get(0).getName()).isEqualTo("moved");
    assertThat(store.size()).isZero();
    assertThat(store.get(key(second))).isNull();
    assertThat(store.remove(key(second))).isNull();
  }

  /**
   * One name instance per credential, whatever reads it, and no key kept: every object the store is
   * handed or hands out carries the name it keeps (JOSDK keeps those names in its ResourceIDs), and
   * its entries are found by key without holding one.
   */
  @Test
  void handsOutOneNameInstancePerCredentialAndKeepsNoKey() {
    CostCredential first = credential(serialization, "team-a", 4);
    String key = store.getKey(first);
    store.put(key, first);
    String name = first.getMetadata().getName();

    CostCredential update = credential(serialization, "team-a", 4);
    update.getMetadata().setResourceVersion("50000");
    assertThat(update.getMetadata().getName()).isEqualTo(name).isNotSameAs(name);
    String again = store.getKey(update);
    store.put(again, update);

    assertThat(again).isEqualTo(key).isEqualTo("team-a/svc-00004");
    assertThat(store.keySet().toList()).containsExactly(key);
    assertThat(store.keySet().toList().get(0)).isNotSameAs(key); // built when asked, not kept
    assertThat(update.getMetadata().getName()).isSameAs(name);
    assertThat(store.get(key).getMetadata().getName()).isSameAs(name);
    assertThat(store.get(new String(key)).getMetadata().getResourceVersion()).isEqualTo("50000");
    assertThat(store.values().toList())
        .singleElement()
        .satisfies(cr -> assertThat(cr.getMetadata().getName()).isSameAs(name));
    assertThat(store.remove(key).getMetadata().getName()).isSameAs(name);
    assertThat(store.size()).isZero();
  }

  @Test
  void listsKeysAndValuesOfEveryNamespace() {
    for (int i = 0; i < 20; i++) {
      CostCredential cr = credential(serialization, "team-" + i % 3, i);
      store.put(key(cr), cr);
    }

    assertThat(store.keySet().toList()).hasSize(20).contains("team-2/svc-00005");
    assertThat(store.values().map(c -> c.getMetadata().getName()).toList())
        .hasSize(20)
        .contains("svc-00019");
    assertThat(store.isFullState()).isTrue();
  }

  /**
   * What the store exists for: a credential whose JSON is ~2.5 KB (2.9 KiB as model objects in the
   * heap) is kept in under 450 bytes; without the preset dictionary deflate gives ~1 KB.
   */
  @Test
  void keepsATypicalCredentialInAFifthOfItsJson() {
    long json = 0;
    long packed = 0;
    for (int i = 0; i < 1000; i++) {
      CostCredential cr = credential(serialization, "bench-rc1k-00", i);
      store.put(key(cr), cr);
      json += serialization.asJson(cr).getBytes(StandardCharsets.UTF_8).length;
      packed += store.packedSize(key(cr));
    }

    assertThat(json / 1000).isGreaterThan(2000);
    assertThat(packed / 1000).isLessThan(450);
    assertThat(store.packedSize("bench-rc1k-00/none")).isEqualTo(-1);
  }

  /** Readers and the informer's writer share the pooled zlib streams without mixing them up. */
  @Test
  void concurrentReadersAndWritersEachGetTheirOwnObject() throws Exception {
    for (int i = 0; i < 50; i++) {
      CostCredential cr = credential(serialization, "team-a", i);
      store.put(key(cr), cr);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        checks.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int n = 0; n < 300; n++) {
                    int i = (n * 7 + thread) % 50;
                    if (thread % 2 == 0) {
                      CostCredential cr = credential(serialization, "team-a", i);
                      store.put(key(cr), cr);
                    }
                    CostCredential read = store.get(String.format("team-a/svc-%05d", i));
                    if (read.getSpec().getRestartTargets().get(0).getName().equals("consumer-" + i)
                        && read.getMetadata().getUid().endsWith(String.format("%012d", i))) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : checks) {
        assertThat(f.get()).isEqualTo(300);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> names(String index, String key) {
    return store.byIndex(index, key).map(c -> c.getMetadata().getName()).sorted().toList();
  }

  /**
   * The store's own index answers what the informer's index answered: each credential under every
   * key {@link PrimaryIndex#indexers()} gives it, moved on an update, gone on removal, and a key no
   * credential has left is dropped.
   */
  @Test
  void indexesEachCredentialUnderThePrimaryIndexKeysAndMovesItOnUpdate() {
    for (int i = 0; i < 200; i++) {
      CostCredential cr = credential(serialization, "team-a", i);
      store.put(key(cr), cr);
    }
    var indexers = PrimaryIndex.indexers();
    for (var indexer : indexers.entrySet()) {
      java.util.Map<String, List<String>> expected = new java.util.TreeMap<>();
      store
          .values()
          .forEach(
              cr ->
                  indexer
                      .getValue()
                      .apply(cr)
                      .forEach(
                          k ->
                              expected
                                  .computeIfAbsent(k, x -> new ArrayList<>())
                                  .add(cr.getMetadata().getName())));
      assertThat(store.indexKeys(indexer.getKey())).isEqualTo(expected.size());
      expected.forEach(
          (k, members) ->
              assertThat(names(indexer.getKey(), k)).isEqualTo(members.stream().sorted().toList()));
    }
    assertThat(store.indexKeys(PrimaryIndex.TARGETS)).isBetween(50, PrimaryIndex.BUCKETS);

    CostCredential moved = credential(serialization, "team-a", 7);
    moved.getSpec().getRestartTargets().get(0).setName("elsewhere");
    String was = PrimaryIndex.targetKey("team-a", WorkloadKind.Deployment, "consumer-7");
    String is = PrimaryIndex.targetKey("team-a", WorkloadKind.Deployment, "elsewhere");
    store.put(key(moved), moved);
    assertThat(names(PrimaryIndex.TARGETS, was)).doesNotContain("svc-00007");
    assertThat(names(PrimaryIndex.TARGETS, is)).contains("svc-00007");
    assertThat(
            store
                .byIndex(PrimaryIndex.TARGETS, is)
                .filter(c -> c.getMetadata().getName().equals("svc-00007"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getRestartTargets()
                .get(0)
                .getName())
        .isEqualTo("elsewhere");

    for (int i = 0; i < 200; i++) {
      store.remove("team-a/" + String.format("svc-%05d", i));
    }
    for (String index : indexers.keySet()) {
      assertThat(store.indexKeys(index)).as(index).isZero();
    }
  }

  /** Readers of the index see each credential once while writers move it between keys. */
  @Test
  void indexReadersSeeConsistentMembersWhileWritersMoveThem() throws Exception {
    String key = PrimaryIndex.targetKey("team-a", WorkloadKind.Deployment, "shared");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        work.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 300; round++) {
                    CostCredential cr = credential(serialization, "team-a", writer);
                    cr.getSpec()
                        .getRestartTargets()
                        .get(0)
                        .setName(round % 2 == 1 ? "shared" : "other-" + writer);
                    store.put(store.getKey(cr), cr);
                  }
                }));
      }
      work.add(
          pool.submit(
              () -> {
                for (int round = 0; round < 300; round++) {
                  List<String> seen = names(PrimaryIndex.TARGETS, key);
                  assertThat(seen).doesNotHaveDuplicates();
                }
              }));
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(names(PrimaryIndex.TARGETS, key)).containsExactly("svc-00000", "svc-00001");
  }
}
