package io.costcred.operator.consumers;

import static io.costcred.operator.consumers.Fixtures.NS;
import static io.costcred.operator.consumers.Fixtures.add;
import static io.costcred.operator.consumers.Fixtures.cronJob;
import static io.costcred.operator.consumers.Fixtures.envFrom;
import static io.costcred.operator.consumers.Fixtures.job;
import static io.costcred.operator.consumers.Fixtures.mounts;
import static io.costcred.operator.consumers.Fixtures.ownedBy;
import static io.costcred.operator.consumers.Fixtures.pod;
import static io.costcred.operator.consumers.Fixtures.replicaSet;
import static io.costcred.operator.consumers.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.WorkloadCache.Snapshot;
import io.costcred.operator.restart.WorkloadRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Owner attribution, running pods and the workload cache, from records put by hand. */
class ConsumerCachesTest {
  private static final String APPS = "apps/v1";
  private static final String BATCH = "batch/v1";
  private static final String ARGO = "argoproj.io/v1alpha1";

  private static List<String> names(List<Consumer> consumers) {
    return consumers.stream().map(c -> c.kind() + "/" + c.name()).toList();
  }

  @Test
  void podsBelongToTheTopOfTheirOwnerChain() {
    ConsumerCaches c = Fixtures.caches();
    add(
        c,
        workload(WorkloadKind.Deployment, "web", envFrom("s")),
        ownedBy(replicaSet("web-1", envFrom("s")), APPS, "Deployment", "web"),
        ownedBy(pod("web-1-a", "Running", envFrom("s")), APPS, "ReplicaSet", "web-1"),
        ownedBy(pod("web-1-b", "Pending", envFrom("s")), APPS, "ReplicaSet", "web-1"),
        ownedBy(replicaSet("canary-1", envFrom("s")), ARGO, "Rollout", "canary"),
        ownedBy(pod("canary-1-a", "Running", envFrom("s")), APPS, "ReplicaSet", "canary-1"),
        ownedBy(pod("db-0", "Running", mounts("s")), APPS, "StatefulSet", "db"),
        ownedBy(pod("agent-x", "Running", mounts("s")), APPS, "DaemonSet", "agent"),
        ownedBy(job("nightly-1", envFrom("s")), BATCH, "CronJob", "nightly"),
        ownedBy(pod("nightly-1-a", "Running", envFrom("s")), BATCH, "Job", "nightly-1"),
        job("once", envFrom("s")),
        ownedBy(pod("once-a", "Running", envFrom("s")), BATCH, "Job", "once"),
        replicaSet("bare-rs", envFrom("s")),
        ownedBy(pod("bare-rs-a", "Running", envFrom("s")), APPS, "ReplicaSet", "bare-rs"),
        pod("lonely", "Running", mounts("s")));

    List<Consumer> found = c.of(NS, Set.of("s"));

    assertThat(names(found))
        .containsExactly(
            "Deployment/web",
            "StatefulSet/db",
            "DaemonSet/agent",
            "Rollout/canary",
            "ReplicaSet/bare-rs",
            "Job/once",
            "CronJob/nightly",
            "Pod/lonely");
    Consumer web = found.get(0);
    assertThat(web.reads()).isEqualTo(Map.of("s", Set.of(Access.Env)));
    assertThat(web.runningPods())
        .containsExactly(
            new PodView(
                "web-1-a",
                Instant.parse("2026-01-02T03:04:05Z"),
                false,
                Map.of("costcred.io/fp.c", "fp-1")));
    assertThat(found.get(1).reads()).isEqualTo(Map.of("s", Set.of(Access.Volume)));
    assertThat(found).allSatisfy(x -> assertThat(x.runningPods()).hasSize(1));
  }

  @Test
  void templatesThatReadASecretAreConsumersWithoutPodsAndOthersAreNot() {
    ConsumerCaches c = Fixtures.caches();
    add(
        c,
        workload(WorkloadKind.Deployment, "idle", envFrom("s")),
        workload(WorkloadKind.StatefulSet, "unrelated", envFrom("other")),
        workload(WorkloadKind.Rollout, "canary", mounts("s")),
        cronJob("nightly", mounts("s")),
        // A ReplicaSet or Job with a controller is its controller's business, not a consumer.
        ownedBy(replicaSet("idle-0", envFrom("s")), APPS, "Deployment", "idle"),
        ownedBy(job("nightly-0", envFrom("s")), BATCH, "CronJob", "nightly"),
        pod("reads-other", "Running", envFrom("other")));

    List<Consumer> found = c.of(NS, Set.of("s"));

    assertThat(names(found))
        .containsExactly("Deployment/idle", "Rollout/canary", "CronJob/nightly");
    assertThat(found).allSatisfy(x -> assertThat(x.runningPods()).isEmpty());
    assertThat(found.get(1).reads()).isEqualTo(Map.of("s", Set.of(Access.Volume)));
    assertThat(c.of(NS, Set.of())).isEmpty();
    assertThat(c.of("elsewhere", Set.of("s"))).isEmpty();
  }

  @Test
  void onlyTheAskedSecretsAreReportedAndReadsOfTemplateAndPodsAdd() {
    ConsumerCaches c = Fixtures.caches();
    String both =
        """
        volumes: [{name: v, secret: {secretName: a}}]
        containers:
          - name: app
            envFrom: [{secretRef: {name: b}}, {secretRef: {name: c}}]
            volumeMounts: [{name: v, mountPath: /v, subPath: token}]
        """;
    add(
        c,
        workload(WorkloadKind.Deployment, "web", envFrom("a")),
        ownedBy(replicaSet("web-old", both), APPS, "Deployment", "web"),
        ownedBy(pod("web-old-a", "Running", both), APPS, "ReplicaSet", "web-old"));

    Consumer web = c.of(NS, Set.of("a", "b")).get(0);

    assertThat(web.reads())
        .isEqualTo(Map.of("a", Set.of(Access.Env, Access.SubPath), "b", Set.of(Access.Env)));
    assertThat(web.runningPods()).extracting(PodView::name).containsExactly("web-old-a");
  }

  @Test
  void runningIncludesTerminatingFinishedPodsMakeNoConsumer() {
    ConsumerCaches c = Fixtures.caches();
    Pod leaving = pod("leaving", "Running", envFrom("s"));
    leaving.getMetadata().setDeletionTimestamp("2026-01-02T04:00:00Z");
    add(
        c,
        leaving,
        pod("done", "Succeeded", envFrom("s")),
        pod("crashed", "Failed", envFrom("s")),
        pod("starting", "Pending", envFrom("s")),
        ownedBy(pod("evicted", "Failed", envFrom("s")), APPS, "StatefulSet", "gone"));

    List<Consumer> found = c.of(NS, Set.of("s"));

    assertThat(names(found)).containsExactly("Pod/leaving", "Pod/starting");
    assertThat(found.get(0).runningPods()).extracting(PodView::terminating).containsExactly(true);
    assertThat(found.get(1).runningPods()).isEmpty();
  }

  @Test
  void anUncachedOwnerOrAnUnknownControllerStopsTheChain() {
    ConsumerCaches c = Fixtures.caches();
    add(
        c,
        ownedBy(pod("orphan-a", "Running", envFrom("s")), APPS, "ReplicaSet", "not-cached"),
        ownedBy(pod("job-a", "Running", envFrom("s")), BATCH, "Job", "not-cached-job"),
        ownedBy(pod("custom", "Running", envFrom("s")), "example.com/v1", "Database", "db"),
        // A kind of the right name in another API group is not the workload.
        ownedBy(pod("fake", "Running", envFrom("s")), "example.com/v1", "Deployment", "d"));

    assertThat(names(c.of(NS, Set.of("s"))))
        .containsExactly("ReplicaSet/not-cached", "Job/not-cached-job", "Pod/custom", "Pod/fake");
  }

  @Test
  void workloadCacheAnswersOnlyOnceSyncedAndSaysMissing() {
    ConsumerCaches c = Fixtures.caches();
    add(
        c,
        workload(WorkloadKind.Deployment, "web", envFrom("s")),
        workload(WorkloadKind.Deployment, "api", envFrom("s")),
        workload(WorkloadKind.Rollout, "canary", envFrom("s")));
    var web = new WorkloadRef(WorkloadKind.Deployment, "web");

    assertThat(c.lookup(NS, web)).as("informer not synced").isEmpty();
    c.onSynced(ConsumerKind.Deployment, NS, () -> true);
    c.onSynced(ConsumerKind.Rollout, NS, () -> true);

    assertThat(c.lookup(NS, web))
        .contains(new Snapshot(RolloutState.COMPLETE, Map.of("costcred.io/fp.c", "fp-1")));
    assertThat(c.lookup(NS, new WorkloadRef(WorkloadKind.Deployment, "gone")))
        .contains(new Snapshot(RolloutState.MISSING, Map.of()));
    assertThat(c.lookup(NS, new WorkloadRef(WorkloadKind.Rollout, "canary")))
        .as("a Rollout's fingerprint is on its metadata")
        .contains(new Snapshot(RolloutState.COMPLETE, Map.of("costcred.io/fp.c", "meta-fp")));
    assertThat(c.lookup(NS, new WorkloadRef(WorkloadKind.StatefulSet, "web")))
        .as("kind not watched")
        .isEmpty();
    assertThat(c.lookup("elsewhere", web)).as("namespace not watched").isEmpty();

    assertThat(c.select(NS, WorkloadKind.Deployment, Map.of("tier", "api")))
        .contains(List.of("api", "web"));
    assertThat(c.select(NS, WorkloadKind.Deployment, Map.of("app", "web")))
        .contains(List.of("web"));
    assertThat(c.select(NS, WorkloadKind.Deployment, Map.of())).contains(List.of());
    assertThat(c.select(NS, WorkloadKind.DaemonSet, Map.of("app", "web"))).isEmpty();
    assertThat(c.workloadRecords(WorkloadKind.Deployment, NS).orElseThrow())
        .containsOnlyKeys(NS + "/web", NS + "/api");
    assertThat(c.workloadRecords(WorkloadKind.DaemonSet, NS)).isEqualTo(Optional.empty());
  }

  @Test
  void anAllNamespacesStoreAnswersForEveryNamespace() {
    ConsumerCaches c = Fixtures.caches();
    Fixtures.put(c.pods(ConsumerCaches.ALL), pod("lonely", "Running", envFrom("s")));
    assertThat(names(c.of(NS, Set.of("s")))).containsExactly("Pod/lonely");
    assertThat(c.of("team-b", Set.of("s"))).isEmpty();
  }
}
