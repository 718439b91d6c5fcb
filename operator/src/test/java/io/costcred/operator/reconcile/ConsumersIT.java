package io.costcred.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.consumers.Access;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.ConsumerCaches;
import io.costcred.operator.consumers.PodView;
import io.costcred.operator.reconciler.ReferenceWatches;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.WorkloadCache.Snapshot;
import io.costcred.operator.restart.WorkloadRef;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer discovery on the real API server (kwok runs the Pods): a Deployment that reads the
 * CostCredential's store Secret through envFrom and a bare Pod that mounts it are found with their
 * running Pods, an unrelated Deployment is not; a new reader's Pod events reconcile the
 * CostCredential that stores the Secret, an unrelated Pod's do not, nor does a Pod status update
 * that keeps the phase.
 */
class ConsumersIT {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumersIT.class);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final String STORE = "c-out";
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  @Test
  void readersOfAStoreSecretAreFoundAndTheirPodsReachTheCredential() throws Exception {
    KubernetesClient admin = cluster.admin();
    String ns = RealCluster.freshNamespace(admin, "consumers");
    Operator operator = null;
    try (Harness h = new Harness(admin, ns, PatchMode.SERVER_SIDE_APPLY)) {
      h.simulateControllers = false;
      h.installCrd();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);
      String sample = Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"));
      h.apply(ReferenceWatchesIT.credential(sample, "c"));
      h.apply(ReferenceWatchesIT.credential(sample, "d"));
      secret(admin, ns, STORE);
      secret(admin, ns, "other-secret");
      deployment(admin, ns, "reader", 2, envFrom(STORE));
      deployment(admin, ns, "other", 1, envFrom("other-secret"));
      pod(admin, ns, "mounter", mounts(STORE));

      var watches = new ReferenceWatches(Set.of(ns), ns, true);
      var counting = new ReferenceWatchesIT.Counting(watches);
      operator = new Operator(o -> o.withKubernetesClient(admin).withCloseClientOnStop(false));
      operator.register(
          counting,
          (ControllerConfigurationOverrider<CostCredential> o) -> o.settingNamespaces(ns));
      operator.start();
      ConsumerCaches consumers = watches.consumers();

      long t0 = System.nanoTime();
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> summary(consumers.of(ns, Set.of(STORE))),
              s -> s.equals(List.of("Deployment/reader:2", "Pod/mounter:1")));
      LOG.info("MEASURED consumers found with running pods after {} ms", millisSince(t0));
      List<Consumer> found = consumers.of(ns, Set.of(STORE, "not-read"));
      assertThat(found.get(0).reads()).isEqualTo(Map.of(STORE, Set.of(Access.Env)));
      assertThat(found.get(1).reads()).isEqualTo(Map.of(STORE, Set.of(Access.Volume)));
      assertThat(found.get(0).runningPods())
          .allSatisfy(p -> assertThat(p.name()).startsWith("reader-"))
          .extracting(PodView::terminating)
          .containsOnly(false);
      assertThat(summary(consumers.of(ns, Set.of("other-secret"))))
          .containsExactly("Deployment/other:1");
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> consumers.lookup(ns, new WorkloadRef(WorkloadKind.Deployment, "reader")),
              s -> s.map(Snapshot::state).orElse(null) == RolloutState.COMPLETE);
      assertThat(consumers.select(ns, WorkloadKind.Deployment, Map.of("app", "reader")))
          .contains(List.of("reader"));
      assertThat(consumers.lookup(ns, new WorkloadRef(WorkloadKind.Deployment, "gone")))
          .contains(new Snapshot(RolloutState.MISSING, Map.of()));

      podEventsReachTheCredentialThatStoresWhatTheyRead(admin, ns, counting);
    } finally {
      if (operator != null) {
        operator.stop();
      }
      admin.namespaces().withName(ns).delete();
    }
  }

  private static void podEventsReachTheCredentialThatStoresWhatTheyRead(
      KubernetesClient admin, String ns, ReferenceWatchesIT.Counting counting)
      throws InterruptedException {
    Thread.sleep(QUIET.toMillis());
    int c0 = counting.count("c");
    int d0 = counting.count("d");
    pod(admin, ns, "late-other", envFrom("other-secret"));
    awaitRunning(admin, ns, "late-other");
    Thread.sleep(QUIET.toMillis());
    assertThat(counting.count("c")).as("an unrelated Pod reconciles nothing").isEqualTo(c0);

    long t0 = System.nanoTime();
    pod(admin, ns, "late-reader", envFrom(STORE));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("c") > c0);
    LOG.info("MEASURED reconcile after a reader Pod appeared: {} ms", millisSince(t0));
    awaitRunning(admin, ns, "late-reader");
    Thread.sleep(QUIET.toMillis());
    assertThat(counting.count("d")).as("a credential storing elsewhere").isEqualTo(d0);

    int c1 = counting.count("c");
    admin
        .pods()
        .inNamespace(ns)
        .withName("late-reader")
        .editStatus(
            p -> {
              p.getStatus()
                  .getConditions()
                  .add(
                      new PodConditionBuilder()
                          .withType("costcred.io/Probe")
                          .withStatus("True")
                          .build());
              return p;
            });
    Thread.sleep(QUIET.toMillis());
    assertThat(counting.count("c")).as("a status update that keeps the phase").isEqualTo(c1);
    LOG.info(
        "MEASURED reconciles of c after its initial ones: {}; of d: {}",
        c1 - c0,
        counting.count("d") - d0);
  }

  private static List<String> summary(List<Consumer> consumers) {
    return consumers.stream()
        .map(c -> c.kind() + "/" + c.name() + ":" + c.runningPods().size())
        .toList();
  }

  private static PodSpec envFrom(String secret) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("app")
        .withImage("app:latest")
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName(secret)
        .endSecretRef()
        .endEnvFrom()
        .endContainer()
        .build();
  }

  private static PodSpec mounts(String secret) {
    return new PodSpecBuilder()
        .addNewVolume()
        .withName("token")
        .withNewSecret()
        .withSecretName(secret)
        .endSecret()
        .endVolume()
        .addNewContainer()
        .withName("app")
        .withImage("app:latest")
        .addNewVolumeMount()
        .withName("token")
        .withMountPath("/etc/token")
        .endVolumeMount()
        .endContainer()
        .build();
  }

  private static void awaitRunning(KubernetesClient admin, String ns, String pod) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var p = admin.pods().inNamespace(ns).withName(pod).get();
              return p != null
                  && p.getStatus() != null
                  && "Running".equals(p.getStatus().getPhase());
            });
  }

  private static void pod(KubernetesClient admin, String ns, String name, PodSpec spec) {
    admin
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec).build())
        .create();
  }

  private static void deployment(
      KubernetesClient admin, String ns, String name, int replicas, PodSpec spec) {
    admin
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withSpec(spec)
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private static void secret(KubernetesClient admin, String ns, String name) {
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("token", "not-a-token")
                .build())
        .create();
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
