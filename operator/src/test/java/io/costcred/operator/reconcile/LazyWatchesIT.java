package io.costcred.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.ConsumerStatus;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettings;
import io.costcred.operator.runtime.OperatorSettingsAccess;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches on demand (decision D60) on the real API server: a namespace whose CostCredential has
 * only a Deployment consumer starts none of the lazy watches (StatefulSets, DaemonSets, Jobs, Argo
 * Rollouts, CredentialConnections); a StatefulSet whose Pod reads the store Secret makes consumer
 * discovery start the StatefulSet watch, and the StatefulSet is then a consumer in status, as with
 * every watch started at once.
 */
class LazyWatchesIT {
  private static KubernetesClient admin;
  private static String operatorNs;
  private static String ns;

  @BeforeAll
  static void namespaces() {
    admin = RealCluster.client();
    operatorNs = RealCluster.freshNamespace(admin, "costcred-system");
    ns = RealCluster.freshNamespace(admin, "lazy-watches");
  }

  @AfterAll
  static void cleanUp() {
    List.of(operatorNs, ns).forEach(n -> admin.namespaces().withName(n).delete());
    admin.close();
  }

  @Test
  void aStatefulSetReadingTheStoreStartsItsWatchAndBecomesAConsumer() throws Exception {
    try (Harness h = new Harness(admin, ns, PatchMode.SERVER_SIDE_APPLY)) {
      h.simulateControllers = false;
      h.installCrd();
      h.pool("finfocus-vantage-pool", Map.of("1", h.issue("one"), "2", h.issue("two")));
      h.deployment("finfocus-vantage", 1);
      h.apply(
          Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
              .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
      OperatorSettings s = OperatorSettingsAccess.production(operatorNs, List.of(ns));
      OperatorSettingsAccess.noLeaderElection(s);
      try (OperatorApp app = new OperatorApp(admin, s, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  CostCredential c = h.get("finfocus-vantage");
                  return c.getStatus() != null
                      && Long.valueOf(1).equals(c.getStatus().getRevision());
                });
        // Jobs, StatefulSets, DaemonSets, CredentialConnections, and Rollouts where served.
        int lazy = app.lazyWatches()[1];
        assertThat(app.lazyWatches()[0]).isZero();
        assertThat(lazy).isBetween(4, 5);

        admin.apps().statefulSets().inNamespace(ns).resource(reports()).create();
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> consumers(h).contains("StatefulSet/reports"));
        assertThat(app.lazyWatches()).containsExactly(1, lazy - 1);
      }
    }
  }

  private static List<String> consumers(Harness h) {
    CostCredential c = h.get("finfocus-vantage");
    List<ConsumerStatus> all =
        c.getStatus() == null || c.getStatus().getConsumers() == null
            ? List.of()
            : c.getStatus().getConsumers();
    return all.stream().map(x -> x.getKind() + "/" + x.getName()).toList();
  }

  /** One replica whose container reads the store Secret's token. */
  private static StatefulSet reports() {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("reports")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName("reports")
        .withNewSelector()
        .addToMatchLabels("app", "reports")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "reports")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("reports:latest")
        .addNewEnv()
        .withName("VANTAGE_TOKEN")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("finfocus-vantage")
        .withKey("token")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
