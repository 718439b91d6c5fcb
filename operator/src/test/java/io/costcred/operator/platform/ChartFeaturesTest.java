package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.ALL_FLAGS_ON;
import static io.costcred.operator.platform.RenderedChart.NAMESPACE;
import static io.costcred.operator.platform.RenderedChart.values;
import static io.costcred.operator.platform.RenderedChart.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the chart renders by default and with every optional feature on. */
class ChartFeaturesTest {
  private final RenderedChart all = RenderedChart.render(ALL_FLAGS_ON);

  @Test
  void defaultsRenderTheOperatorWithoutOptionalMonitoringOrNetworkPolicy() {
    RenderedChart defaults = RenderedChart.render(Map.of());
    assertThat(defaults.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(defaults.one(PodDisruptionBudget.class).getSpec().getMinAvailable())
        .isEqualTo(new IntOrString(1));
    assertThat(defaults.has("ServiceMonitor")).isFalse();
    assertThat(defaults.has("PrometheusRule")).isFalse();
    assertThat(defaults.has("NetworkPolicy")).isFalse();
    // No watched namespaces: Secrets through the ClusterRole, no per-namespace Roles.
    assertThat(defaults.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsOnly(NAMESPACE);
  }

  @Test
  void theJvmIsSizedFromTheMemoryLimitAsMeasured() {
    var c =
        RenderedChart.render(Map.of("jvmOptions", "-XX:MaxRAMPercentage=40"))
            .one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(c.getEnv())
        .anyMatch(
            e ->
                e.getName().equals("JAVA_TOOL_OPTIONS")
                    && e.getValue().startsWith("-XX:MaxRAMPercentage=40 "));
    var d = RenderedChart.render(Map.of()).one(Deployment.class);
    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .contains("--lease-duration=15", "--lease-renew-deadline=10", "--lease-retry-period=2");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
    assertThat(container.getEnv())
        .anyMatch(e -> e.getName().equals("MALLOC_ARENA_MAX") && e.getValue().equals("2"))
        .anyMatch(
            e ->
                e.getName().equals("JAVA_TOOL_OPTIONS")
                    && e.getValue().contains("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC"));
  }

  @Test
  void metricsServiceExposesPort8080AsHttpMetrics() {
    Service svc = all.one(Service.class);
    assertThat(svc.getSpec().getPorts()).hasSize(1);
    var port = svc.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("http-metrics");
    assertThat(port.getPort()).isEqualTo(8080);
    assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
    var container = all.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    assertThat(container.get(0).getPorts())
        .anyMatch(p -> "http".equals(p.getName()) && p.getContainerPort() == 8080);
    assertThat(svc.getSpec().getSelector())
        .isEqualTo(all.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void podDisruptionBudgetKeepsOneReplicaAndIsSkippedForASingleReplica() {
    PodDisruptionBudget pdb = all.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(all.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(RenderedChart.render(values("replicaCount", 1)).has("PodDisruptionBudget"))
        .isFalse();
  }

  @Test
  void networkPolicyAllowsOnlyMetricsInAndApiServerDnsAndEndpointsOut() {
    NetworkPolicy np = all.one(NetworkPolicy.class);
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(all.one(Deployment.class).getSpec().getSelector().getMatchLabels());

    assertThat(np.getSpec().getIngress()).hasSize(1);
    var in = np.getSpec().getIngress().get(0);
    assertThat(in.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(port("http"));
    assertThat(in.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
    assertThat(in.getFrom().get(0).getIpBlock()).isNull();

    List<NetworkPolicyEgressRule> out = np.getSpec().getEgress();
    assertThat(out).hasSize(4);
    assertThat(out.get(0).getTo())
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactly("10.0.0.10/32");
    assertThat(out.get(0).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .containsExactly(port(443), port(6443));
    assertThat(out.get(1).getTo().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "kube-system");
    assertThat(out.get(1).getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("UDP/53", "TCP/53");
    assertThat(out.get(2).getTo())
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactly("203.0.113.0/24");
    assertThat(out.get(3).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .containsExactly(port(8200));
    // Nothing else goes out: every egress rule names its destinations and ports.
    assertThat(out).allSatisfy(r -> assertThat(r.getTo()).isNotEmpty());
    assertThat(out).allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
  }

  @Test
  void networkPolicyWithoutApiServerAddressesIsRefused() {
    assertThatThrownBy(() -> RenderedChart.render(values("networkPolicy.enabled", true)))
        .hasMessageContaining("networkPolicy/apiServer/cidrs");
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitorScrapesTheMetricsPortKeepingTheCredentialNamespaceLabel() {
    GenericKubernetesResource sm = all.generic("ServiceMonitor");
    assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "costcred-operator");
    Map<String, Object> spec = (Map<String, Object>) sm.getAdditionalProperties().get("spec");
    var endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    assertThat(endpoint)
        .containsEntry("port", "http-metrics")
        .containsEntry("path", "/metrics")
        .containsEntry("honorLabels", true);
    assertThat((Map<String, Object>) ((Map<String, Object>) spec.get("selector")))
        .containsEntry("matchLabels", all.one(Service.class).getSpec().getSelector());
  }

  @Test
  void prometheusRuleHasTheSixAlerts() {
    assertThat(AlertRules.alertNames(all.generic("PrometheusRule")))
        .containsExactlyInAnyOrder(
            "CostCredentialRotationFailed",
            "CostCredentialTokenTooOld",
            "CostCredentialRevocationOverdue",
            "CostCredentialPoolLow",
            "CostCredentialPoolEmpty",
            "CostCredentialEmergencyRotation");
    assertThat(AlertRules.expression(all.generic("PrometheusRule"), "CostCredentialTokenTooOld"))
        .endsWith("> 7862400"); // 91 days
    RenderedChart tuned =
        RenderedChart.render(
            values(
                "prometheusRule.enabled", true,
                "prometheusRule.tokenTooOld.threshold", "181d",
                "prometheusRule.poolLow.enabled", false));
    assertThat(AlertRules.expression(tuned.generic("PrometheusRule"), "CostCredentialTokenTooOld"))
        .endsWith("> 15638400");
    assertThat(AlertRules.alertNames(tuned.generic("PrometheusRule")))
        .doesNotContain("CostCredentialPoolLow");
  }

  @Test
  void userRolesAggregateViewAndEditButNotTheEmergencyRotator() {
    ClusterRole view = clusterRole("costcred-view");
    ClusterRole edit = clusterRole("costcred-edit");
    ClusterRole rotator = clusterRole("costcred-emergency-rotator");
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(rotator.getMetadata().getLabels().keySet())
        .noneMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to"));

    assertThat(RbacRules.of(view.getRules()))
        .containsExactlyInAnyOrder(
            "costcred.io/costcredentials:get",
            "costcred.io/costcredentials:list",
            "costcred.io/costcredentials:watch",
            "costcred.io/clusterrotationpolicies:get",
            "costcred.io/clusterrotationpolicies:list",
            "costcred.io/clusterrotationpolicies:watch");
    assertThat(RbacRules.of(edit.getRules()))
        .containsExactlyInAnyOrder(
            "costcred.io/costcredentials:get",
            "costcred.io/costcredentials:list",
            "costcred.io/costcredentials:watch",
            "costcred.io/costcredentials:create",
            "costcred.io/costcredentials:update",
            "costcred.io/costcredentials:patch",
            "costcred.io/costcredentials:delete");
    assertThat(RbacRules.of(rotator.getRules()))
        .containsExactlyInAnyOrder(
            "costcred.io/costcredentials:get", "costcred.io/costcredentials/status:patch");
    // Nobody but the operator and the emergency rotator writes status.
    assertThat(RbacRules.of(edit.getRules())).noneMatch(r -> r.contains("/status"));
  }

  @Test
  void userRolesCanBeLeftToAnotherRelease() {
    RenderedChart without = RenderedChart.render(values("rbac.userRoles.create", false));
    assertThat(without.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(RenderedChart.RELEASE + "-costcred-operator");
  }

  @Test
  void digestWinsOverTag() {
    String digest = "sha256:" + "ab".repeat(32);
    RenderedChart pinned =
        RenderedChart.render(with(Map.of(), "image.digest", digest, "image.tag", "9.9.9"));
    assertThat(pinned.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly("ghcr.io/costcred/costcred-operator@" + digest);
  }

  private ClusterRole clusterRole(String name) {
    return all.all(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  private static IntOrString port(Object p) {
    return p instanceof Integer i ? new IntOrString(i) : new IntOrString((String) p);
  }
}
