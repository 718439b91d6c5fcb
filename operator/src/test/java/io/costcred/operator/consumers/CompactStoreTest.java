package io.costcred.operator.consumers;

import static io.costcred.operator.consumers.Fixtures.APPS_OWNER;
import static io.costcred.operator.consumers.Fixtures.JSON;
import static io.costcred.operator.consumers.Fixtures.NS;
import static io.costcred.operator.consumers.Fixtures.envFrom;
import static io.costcred.operator.consumers.Fixtures.mounts;
import static io.costcred.operator.consumers.Fixtures.ownedBy;
import static io.costcred.operator.consumers.Fixtures.pod;
import static io.costcred.operator.consumers.Fixtures.put;
import static io.costcred.operator.consumers.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.restart.RolloutState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compact stores: what they keep, what they hand out, and which updates count. */
class CompactStoreTest {
  private static final String SECRET_LOOKING = "s3cr3t-value";

  @Test
  void aPodRecordKeepsNoSpecNoForeignAnnotationAndNoSecretValue() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    Pod p = pod("web-a", "Running", withLiteralEnv(envFrom("s")));
    put(store, p);

    PodRecord r = store.record(NS + "/web-a");
    assertThat(r.annotations()).isEqualTo(Map.of("costcred.io/fp.c", "fp-1"));
    assertThat(r.reads()).isEqualTo(Map.of("s", Set.of(Access.Env)));
    assertThat(r.version()).isEqualTo(10);
    Pod handedOut = store.get(NS + "/web-a");
    assertThat(handedOut.getMetadata().getName()).isEqualTo("web-a");
    assertThat(handedOut.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(handedOut.getMetadata().getResourceVersion()).isEqualTo("10");
    assertThat(handedOut.getSpec()).isNull();
    assertThat(handedOut.getStatus()).isNull();
    assertThat(handedOut.getMetadata().getAnnotations()).isNullOrEmpty();
    for (String kept : List.of(r.toString(), JSON.asJson(handedOut))) {
      assertThat(kept)
          .doesNotContain(SECRET_LOOKING, "last-applied", "registry.example", "literal-value");
    }
  }

  @Test
  void aWorkloadRecordKeepsLabelsUidOurTemplateAnnotationsReadsAndState() {
    CompactStore<GenericKubernetesResource, TemplateRecord> store =
        new ConsumerCaches().workloads(WorkloadKind.Deployment, NS, JSON);
    var d = workload(WorkloadKind.Deployment, "web", withLiteralEnv(mounts("s")));
    put(store, d);

    TemplateRecord r = store.record(NS + "/web");
    assertThat(r.uidText()).isEqualTo("uid-web");
    assertThat(r.labels()).isEqualTo(Map.of("app", "web", "tier", "api"));
    assertThat(r.annotations()).isEqualTo(Map.of("costcred.io/fp.c", "fp-1"));
    assertThat(r.reads()).isEqualTo(Map.of("s", Set.of(Access.Volume)));
    assertThat(r.state()).isEqualTo(RolloutState.COMPLETE);
    GenericKubernetesResource handedOut = store.get(NS + "/web");
    assertThat(handedOut.getAdditionalProperties()).doesNotContainKeys("spec", "status");
    for (String kept : List.of(r.toString(), JSON.asJson(handedOut))) {
      assertThat(kept)
          .doesNotContain("registry.example", "literal-value", "deployment.kubernetes.io", "other");
    }
  }

  /** A workload's uid is kept as a UUID (32 bytes, not 80), and given back as the same text. */
  @Test
  void aWorkloadUidIsKeptCompactAndGivenBackAsItsText() {
    CompactStore<GenericKubernetesResource, TemplateRecord> store =
        new ConsumerCaches().workloads(WorkloadKind.Deployment, NS, JSON);
    var d = workload(WorkloadKind.Deployment, "web", mounts("s"));
    String uid = "0f8e3c1a-5b2d-4c7e-9a61-3d2b1c0f9e8a";
    d.getMetadata().setUid(uid);
    put(store, d);

    TemplateRecord r = store.record(NS + "/web");
    assertThat(r.uid()).isInstanceOf(java.util.UUID.class);
    assertThat(r.uidText()).isEqualTo(uid);
    var same = workload(WorkloadKind.Deployment, "web", mounts("s"));
    same.getMetadata().setUid(uid);
    same.getMetadata().setResourceVersion("99");
    assertThat(store.changed(d, same)).isFalse();
    var recreated = workload(WorkloadKind.Deployment, "web", mounts("s"));
    recreated.getMetadata().setUid("0f8e3c1a-5b2d-4c7e-9a61-3d2b1c0f9e8b");
    recreated.getMetadata().setResourceVersion("100");
    assertThat(store.changed(d, recreated)).isTrue();
  }

  @Test
  void aPodStatusUpdateThatKeepsPhaseAndDeletionIsNoChange() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    Pod v1 = pod("web-a", "Running", envFrom("s"));
    put(store, v1);

    Pod v2 = pod("web-a", "Running", envFrom("s"));
    v2.getMetadata().setResourceVersion("11");
    v2.getStatus()
        .getConditions()
        .add(new PodConditionBuilder().withType("ContainersReady").withStatus("False").build());
    v2.getMetadata().getAnnotations().put("unrelated/annotation", "moved");
    Pod before = store.put(store.getKey(v2), v2);
    assertThat(store.changed(before, v2)).isFalse();

    Pod v3 = pod("web-a", "Running", envFrom("s"));
    v3.getMetadata().setResourceVersion("12");
    v3.getMetadata().setDeletionTimestamp("2026-01-02T05:00:00Z");
    assertThat(store.changed(store.put(store.getKey(v3), v3), v3)).as("deletion").isTrue();

    Pod v4 = pod("web-a", "Failed", envFrom("s"));
    v4.getMetadata().setResourceVersion("13");
    v4.getMetadata().setDeletionTimestamp("2026-01-02T05:00:00Z");
    assertThat(store.changed(store.put(store.getKey(v4), v4), v4)).as("phase").isTrue();

    Pod v5 = pod("web-a", "Failed", envFrom("s"));
    v5.getMetadata().setResourceVersion("14");
    v5.getMetadata().setDeletionTimestamp("2026-01-02T05:00:00Z");
    v5.getMetadata().getAnnotations().put("costcred.io/fp.c", "fp-2");
    assertThat(store.changed(store.put(store.getKey(v5), v5), v5)).as("our annotation").isTrue();
  }

  @Test
  void aWorkloadStatusUpdateCountsOnlyWhenTheRolloutStateMoves() {
    CompactStore<GenericKubernetesResource, TemplateRecord> store =
        new ConsumerCaches().workloads(WorkloadKind.Deployment, NS, JSON);
    var done = workload(WorkloadKind.Deployment, "web", envFrom("s"));
    put(store, done);

    var sameState = workload(WorkloadKind.Deployment, "web", envFrom("s"));
    sameState.getMetadata().setResourceVersion("8");
    status(sameState).put("conditions", List.of(Map.of("type", "Available", "status", "True")));
    assertThat(store.changed(store.put(store.getKey(sameState), sameState), sameState)).isFalse();

    var rolling = workload(WorkloadKind.Deployment, "web", envFrom("s"));
    rolling.getMetadata().setResourceVersion("9");
    status(rolling).put("updatedReplicas", 0);
    assertThat(store.changed(store.put(store.getKey(rolling), rolling), rolling)).isTrue();
    assertThat(store.record(NS + "/web").state()).isEqualTo(RolloutState.PROGRESSING);

    var relabelled = workload(WorkloadKind.Deployment, "web", envFrom("s"));
    relabelled.getMetadata().setResourceVersion("10");
    status(relabelled).put("updatedReplicas", 0);
    relabelled.getMetadata().getLabels().put("tier", "web");
    assertThat(store.changed(store.put(store.getKey(relabelled), relabelled), relabelled)).isTrue();
  }

  @Test
  void theTemplateIsReadAgainOnlyWhenTheGenerationMoves() {
    var first = workload(WorkloadKind.StatefulSet, "db", envFrom("s"));
    TemplateRecord r1 = Records.workload(WorkloadKind.StatefulSet, first, null, JSON);
    // Same generation: the template cannot have changed, so it is not converted again.
    var statusOnly = workload(WorkloadKind.StatefulSet, "db", envFrom("other"));
    TemplateRecord r2 = Records.workload(WorkloadKind.StatefulSet, statusOnly, r1, JSON);
    assertThat(r2.reads()).isSameAs(r1.reads()).containsOnlyKeys("s");
    var edited = workload(WorkloadKind.StatefulSet, "db", envFrom("other"));
    edited.getMetadata().setGeneration(2L);
    assertThat(Records.workload(WorkloadKind.StatefulSet, edited, r1, JSON).reads())
        .containsOnlyKeys("other");
  }

  @Test
  void secretsAnUpdateStopsReadingAreReportedForThatVersionOnly() {
    CompactStore<GenericKubernetesResource, TemplateRecord> store =
        new ConsumerCaches().workloads(WorkloadKind.Deployment, NS, JSON);
    put(store, workload(WorkloadKind.Deployment, "web", envFrom("s")));
    var moved = workload(WorkloadKind.Deployment, "web", envFrom("t"));
    moved.getMetadata().setGeneration(2L);
    moved.getMetadata().setResourceVersion("8");
    put(store, moved);
    assertThat(store.droppedReads(moved)).containsExactly("s");
    var later = workload(WorkloadKind.Deployment, "web", envFrom("t"));
    later.getMetadata().setGeneration(2L);
    later.getMetadata().setResourceVersion("9");
    assertThat(store.droppedReads(later)).isEmpty();
    put(store, later);
    assertThat(store.droppedReads(later)).isEmpty();
  }

  @Test
  void theReadersOfASecretAreALookupThatFollowsUpdatesAndDeletions() {
    CompactStore<GenericKubernetesResource, TemplateRecord> store =
        new ConsumerCaches().workloads(WorkloadKind.Deployment, NS, JSON);
    put(store, workload(WorkloadKind.Deployment, "web", envFrom("s")));
    put(store, workload(WorkloadKind.Deployment, "api", envFrom("t")));
    assertThat(store.readers(NS, Set.of("s")).keySet()).containsExactly(NS + "/web");
    assertThat(store.readers(NS, Set.of("s", "t")).keySet())
        .containsExactlyInAnyOrder(NS + "/web", NS + "/api");
    assertThat(store.readers("elsewhere", Set.of("s"))).isEmpty();
    var moved = workload(WorkloadKind.Deployment, "web", envFrom("t"));
    moved.getMetadata().setGeneration(2L);
    moved.getMetadata().setResourceVersion("8");
    put(store, moved);
    assertThat(store.readers(NS, Set.of("s"))).isEmpty();
    assertThat(store.readers(NS, Set.of("t")).keySet())
        .containsExactlyInAnyOrder(NS + "/web", NS + "/api");
    store.remove(NS + "/api");
    assertThat(store.readers(NS, Set.of("t")).keySet()).containsExactly(NS + "/web");
  }

  @Test
  void aSecretAWholeNamespaceReadsKeepsEveryReaderThroughGrowthAndShrinking() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    for (int i = 0; i < 40; i++) {
      put(store, pod("p" + i, "Running", mounts("shared")));
    }
    assertThat(store.readers(NS, Set.of("shared"))).hasSize(40);
    for (int i = 0; i < 39; i++) {
      store.remove(NS + "/p" + i);
    }
    assertThat(store.readers(NS, Set.of("shared")).keySet()).containsExactly(NS + "/p39");
    store.remove(NS + "/p39");
    assertThat(store.readers(NS, Set.of("shared"))).isEmpty();
    put(store, pod("p0", "Running", mounts("shared")));
    assertThat(store.readers(NS, Set.of("shared")).keySet()).containsExactly(NS + "/p0");
  }

  /**
   * No key string is kept: a record carries its name, the same instance from one version of the
   * object to the next (the readers index holds it), and a namespace's view finds records by key.
   */
  @Test
  void aRecordKeepsOneNameInstanceThroughUpdatesAndTheNamespaceViewFindsItByKey() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    put(store, pod("web-a", "Pending", mounts("s")));
    Object name = store.record(NS + "/web-a").name();
    assertThat(name).isInstanceOf(byte[].class);
    var running = pod("web-a", "Running", mounts("t"));
    running.getMetadata().setResourceVersion("11");
    put(store, running);
    assertThat(store.record(NS + "/web-a").name()).isSameAs(name);
    assertThat(store.record(NS + "/web-a").namespace()).isSameAs(NS.intern());
    assertThat(store.readers(NS, Set.of("s"))).isEmpty();
    assertThat(store.readers(NS, Set.of("t")).keySet()).containsExactly(NS + "/web-a");
    put(store, pod("web-b", "Running", mounts("t")));

    Map<String, PodRecord> view = store.namespace(NS);
    assertThat(view.get(NS + "/web-a").phase()).isEqualTo(PodRecord.Phase.Running);
    assertThat(view.get("other/web-a")).isNull();
    assertThat(view.containsKey(NS + "/web-b")).isTrue();
    assertThat(view).hasSize(2).containsOnlyKeys(NS + "/web-a", NS + "/web-b");
    assertThat(store.keySet()).containsExactlyInAnyOrder(NS + "/web-a", NS + "/web-b");

    store.remove(NS + "/web-a");
    assertThat(store.readers(NS, Set.of("t")).keySet()).containsExactly(NS + "/web-b");
    put(store, pod("web-a", "Running", mounts("t")));
    assertThat(store.record(NS + "/web-a").name()).isNotSameAs(name);
    assertThat(store.readers(NS, Set.of("t")).keySet())
        .containsExactlyInAnyOrder(NS + "/web-a", NS + "/web-b");
  }

  @Test
  void aHandedOutObjectCarriesItsRecordForFiltersAndDeletionsWhileTheWatchWasDown() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    put(store, pod("web-a", "Running", mounts("s")));
    Pod stale = store.values().findFirst().orElseThrow();
    assertThat(store.recordOf(stale).reads()).containsOnlyKeys("s");
    assertThat(store.remove(NS + "/web-a")).isNotNull();
    assertThat(store.recordOf(stale).reads()).containsOnlyKeys("s");
    assertThat(store.size()).isZero();
    assertThat(store.namespace(NS)).isEmpty();
    assertThat(store.get(NS + "/web-a")).isNull();
  }

  @Test
  void replicasShareTheirOwnerReadsAndAnnotations() {
    CompactStore<Pod, PodRecord> store = new ConsumerCaches().pods(NS);
    List<PodRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Pod p = ownedBy(pod("web-" + i, "Running", envFrom("s")), APPS_OWNER, "ReplicaSet", "web");
      put(store, p);
      records.add(store.record(NS + "/web-" + i));
    }
    assertThat(records)
        .extracting(PodRecord::controller)
        .allMatch(o -> o == records.get(0).controller());
    assertThat(records).extracting(PodRecord::reads).allMatch(o -> o == records.get(0).reads());
    assertThat(records)
        .extracting(PodRecord::annotations)
        .allMatch(o -> o == records.get(0).annotations());
    assertThat(store.keySet()).hasSize(3);
  }

  @Test
  void versionsArePackedAsNumbers() {
    assertThat(Versions.pack("123456")).isEqualTo(123456);
    assertThat(Versions.unpack(Versions.pack("123456"))).isEqualTo("123456");
    assertThat(Versions.pack("abc")).isEqualTo(Versions.UNKNOWN);
    assertThat(Versions.pack(null)).isEqualTo(Versions.UNKNOWN);
    assertThat(Versions.pack("1234567890123456789012")).isEqualTo(Versions.UNKNOWN);
    assertThat(Versions.unpack(Versions.UNKNOWN)).isNull();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource r) {
    Map<String, Object> status = new java.util.HashMap<>((Map<String, Object>) r.get("status"));
    r.setAdditionalProperty("status", status);
    return status;
  }

  /** Adds a literal env value, as a careless manifest might hold a secret. */
  private static String withLiteralEnv(String spec) {
    return spec.replace(
        "image: registry.example/app:1",
        "image: registry.example/app:1\n    env: [{name: PASSWORD, value: literal-value}]");
  }
}
