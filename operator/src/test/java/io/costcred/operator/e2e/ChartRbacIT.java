package io.costcred.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettingsAccess;
import io.costcred.operator.testing.Chart;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator with production settings (server-side apply, leader election) authenticated as the
 * Helm chart's ServiceAccount with the chart's RBAC, on the real cluster. Removing a permission
 * from the chart's role must make the operator fail visibly.
 */
class ChartRbacIT {
  private static KubernetesClient admin;
  private static String opNamespace;
  private static String release;

  @BeforeAll
  static void installChartRbac() {
    admin = RealCluster.client();
    opNamespace = RealCluster.freshNamespace(admin, "costcred-system");
    release = "r" + Long.toString(System.nanoTime(), 36);
    for (HasMetadata o : Chart.objects(admin, Chart.render(release, opNamespace))) {
      if (o instanceof Deployment) {
        continue; // the operator runs in this JVM as the chart's ServiceAccount
      }
      admin.resource(o).inNamespace(opNamespace).forceConflicts().serverSideApply();
    }
  }

  @AfterAll
  static void cleanUp() {
    admin.rbac().clusterRoles().withName(release + "-costcred-operator").delete();
    admin.rbac().clusterRoleBindings().withName(release + "-costcred-operator").delete();
    admin.namespaces().withName(opNamespace).delete();
    admin.close();
  }

  @Test
  void operatorRotatesAsTheChartServiceAccountAndFailsVisiblyWithoutPatch() throws Exception {
    String workloads = RealCluster.freshNamespace(admin, "e2e");
    try (KubernetesClient asOperator =
            Chart.clientAs(admin, opNamespace, release + "-costcred-operator");
        Harness h = new Harness(admin, workloads, PatchMode.SERVER_SIDE_APPLY)) {
      h.simulateControllers = false;
      h.installCrd();
      String first = h.issue("one");
      String second = h.issue("two");
      h.pool("finfocus-vantage-pool", Map.of("1", first, "2", second, "3", h.issue("three")));
      h.deployment("finfocus-vantage", 2);
      var settings = OperatorSettingsAccess.production(opNamespace, List.of(workloads));
      try (OperatorApp app =
          new OperatorApp(asOperator, settings, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        h.apply(
            java.nio.file.Files.readString(
                    java.nio.file.Path.of("../config/samples/finfocus-vantage.yaml"))
                .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
        awaitCr(
            h, c -> c.getStatus() != null && Long.valueOf(1).equals(c.getStatus().getRevision()));
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(first);
        var lease =
            admin.leases().inNamespace(opNamespace).withName("costcred-operator-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

        h.annotate("finfocus-vantage", Annotations.EMERGENCY, "e2e leak");
        awaitCr(h, c -> Long.valueOf(2).equals(c.getStatus().getRevision()));
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(second);

        // Take `patch` on workloads away from the chart's ClusterRole: the restart must fail
        // loudly.
        admin
            .rbac()
            .clusterRoles()
            .withName(release + "-costcred-operator")
            .edit(r -> withoutPatch(r));
        h.annotate("finfocus-vantage", Annotations.ROTATE, "after-rbac-change");
        awaitCr(
            h,
            c ->
                c.getStatus().getConditions().stream()
                    .anyMatch(
                        x ->
                            Reasons.DEGRADED.equals(x.getType())
                                && Reasons.RESTART_FAILED.equals(x.getReason())
                                && x.getMessage().contains("403")));
        assertThat(h.events.events).isEmpty(); // events went to the API server, not the harness
        assertThat(admin.v1().events().inNamespace(workloads).list().getItems())
            .anyMatch(e -> Reasons.RESTART_FAILED.equals(e.getReason()));
      }
    } finally {
      admin.namespaces().withName(workloads).delete();
    }
  }

  private static ClusterRole withoutPatch(ClusterRole role) {
    role.getRules().stream()
        .filter(r -> r.getApiGroups().contains("apps"))
        .forEach(r -> r.setVerbs(r.getVerbs().stream().filter(v -> !v.equals("patch")).toList()));
    return role;
  }

  private static void awaitCr(Harness h, Predicate<CostCredential> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              CostCredential c = h.get("finfocus-vantage");
              return c != null && c.getStatus() != null && done.test(c);
            });
  }
}
