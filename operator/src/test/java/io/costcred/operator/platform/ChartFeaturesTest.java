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
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
    var c = RenderedChart.render(Map.of("jvmOptions", "-XX:MaxRAMPercentage=40")).operator();
    assertThat(c.getEnv())
        .anyMatch(
            e ->
                e.getName().equals("JAVA_TOOL_OPTIONS")
                    && e.getValue().equals("-XX:MaxRAMPercentage=40"));
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

  /**
   * The default flags start a Java 17 JVM (the image's major version; one unknown or misspelled
   * flag and the pod would crash-loop), and the heap they give follows the live set: a fixed young
   * generation and an old generation given back after a full collection (docs/performance.md,
   * section 6), and the client compiler only (decision D53).
   */
  @Test
  void theDefaultJvmOptionsStartAJvmWhoseHeapFollowsTheLiveSet() throws Exception {
    String flags =
        RenderedChart.render(Map.of()).operator().getEnv().stream()
            .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(flags.split(" "))
        .contains(
            "-Xmn16m",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:-ShrinkHeapInSteps",
            "-XX:MarkSweepDeadRatio=0",
            "-Djdk.nio.maxCachedBufferSize=262144",
            "-XX:TieredStopAtLevel=1");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxRAM=384m");
    command.addAll(List.of(flags.split(" ")));
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out)
        .containsPattern("bool UseSerialGC\\s+= true")
        .containsPattern("uintx MaxHeapFreeRatio\\s+= 30")
        .containsPattern("uintx MarkSweepDeadRatio\\s+= 0 ")
        .containsPattern("size_t NewSize\\s+= 16777216")
        .containsPattern("intx TieredStopAtLevel\\s+= 1 ")
        .containsPattern("bool DisableExplicitGC\\s+= false");
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
    assertThat(out).hasSize(5);
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
    // An in-cluster Vault by selectors: one peer, so a pod must match both.
    assertThat(out.get(4).getTo()).hasSize(1);
    assertThat(out.get(4).getTo().get(0).getIpBlock()).isNull();
    assertThat(out.get(4).getTo().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "vault"));
    assertThat(out.get(4).getTo().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "vault"));
    // Nothing else goes out: every egress rule names its destinations and ports.
    assertThat(out).allSatisfy(r -> assertThat(r.getTo()).isNotEmpty());
    assertThat(out).allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
  }

  @Test
  void networkPolicyEgressMixesAddressesAndSelectors() {
    Map<String, Object> v =
        values(
            "networkPolicy.enabled", true,
            "networkPolicy.apiServer.cidrs[0]", "10.0.0.10/32",
            "networkPolicy.egress[0].name", "vault pods of the release namespace",
            "networkPolicy.egress[0].podSelector.matchLabels.app", "vault",
            "networkPolicy.egress[0].ports[0].port", 8200,
            "networkPolicy.egress[1].name", "proxy, in or out of the cluster",
            "networkPolicy.egress[1].cidrs[0]", "192.0.2.10/32",
            "networkPolicy.egress[1].namespaceSelector.matchLabels.team", "proxy",
            "networkPolicy.egress[1].ports[0].port", 3128);
    List<NetworkPolicyEgressRule> out =
        RenderedChart.render(v).one(NetworkPolicy.class).getSpec().getEgress();
    var podsOnly = out.get(2).getTo();
    assertThat(podsOnly).hasSize(1);
    assertThat(podsOnly.get(0).getNamespaceSelector()).isNull();
    assertThat(podsOnly.get(0).getPodSelector().getMatchLabels()).containsEntry("app", "vault");
    var both = out.get(3).getTo();
    assertThat(both).hasSize(2);
    assertThat(both.get(0).getIpBlock().getCidr()).isEqualTo("192.0.2.10/32");
    assertThat(both.get(1).getNamespaceSelector().getMatchLabels()).containsEntry("team", "proxy");
    assertThat(both.get(1).getPodSelector()).isNull();
  }

  @Test
  void egressAllowListIsPassedToTheOperator() {
    assertThat(args(Map.of()))
        .contains(
            "--egress-allow=https://api.vantage.sh,https://*.amazonaws.com,"
                + "https://hooks.slack.com,https://*.webhook.office.com");
    assertThat(args(ALL_FLAGS_ON))
        .contains("--egress-allow=https://api.vantage.sh,https://vault.vault.svc:8200");
  }

  @Test
  void vaultServiceAccountsAreCreatedOnlyWhenAsked() {
    assertThat(all.all(ServiceAccount.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("platform-costcred-operator", "costcred-vault");
    ServiceAccount vault =
        all.all(ServiceAccount.class).stream()
            .filter(s -> s.getMetadata().getName().equals("costcred-vault"))
            .findFirst()
            .orElseThrow();
    assertThat(vault.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(vault.getAutomountServiceAccountToken()).isFalse();
    assertThat(
            RenderedChart.render(values("vault.serviceAccounts[0]", "costcred-vault"))
                .all(ServiceAccount.class))
        .hasSize(1);
  }

  @Test
  void requesterIdentityPolicyIsBoundAndExemptsOnlyTheOperator() {
    RenderedChart defaults = RenderedChart.render(Map.of());
    ValidatingAdmissionPolicy policy = defaults.one(ValidatingAdmissionPolicy.class);
    assertThat(policy.getMetadata().getName()).isEqualTo("costcred-requester-identity");
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules().get(0).getResources())
        .containsExactlyInAnyOrder("costcredentials", "costcredentials/status");
    assertThat(policy.getSpec().getVariables())
        .anyMatch(
            v ->
                v.getName().equals("isOperator")
                    && v.getExpression()
                        .endsWith(
                            "== 'system:serviceaccount:costcred-system:platform-costcred-operator'"));
    assertThat(policy.getSpec().getValidations()).hasSize(2);
    ValidatingAdmissionPolicyBinding binding = defaults.one(ValidatingAdmissionPolicyBinding.class);
    assertThat(binding.getSpec().getPolicyName()).isEqualTo("costcred-requester-identity");
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    // Every namespace: a CostCredential anywhere carries requests somebody acts on.
    assertThat(binding.getSpec().getMatchResources()).isNull();
    RenderedChart off = RenderedChart.render(values("admissionPolicy.enabled", false));
    assertThat(off.has("ValidatingAdmissionPolicy")).isFalse();
    assertThat(off.has("ValidatingAdmissionPolicyBinding")).isFalse();
  }

  @Test
  void installNotesWarnAboutClusterScope() {
    String cluster = RenderedChart.notes(Map.of());
    assertThat(cluster)
        .contains("WARNING: RBAC scope is cluster-wide")
        .contains("watchNamespaces is empty")
        .doesNotContain("tenantServiceAccountTokens");
    assertThat(RenderedChart.notes(values("rbac.tenantServiceAccountTokens", true)))
        .contains("kube-system included");
    String namespaced = RenderedChart.notes(values("watchNamespaces[0]", "finops"));
    assertThat(namespaced)
        .contains("RBAC scope: namespaced")
        .contains("in: finops")
        .doesNotContain("WARNING");
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
  void prometheusRuleHasTheEightAlerts() {
    assertThat(AlertRules.alertNames(all.generic("PrometheusRule")))
        .containsExactlyInAnyOrder(
            "CostCredentialRotationFailed",
            "CostCredentialTokenTooOld",
            "CostCredentialRevocationOverdue",
            "CostCredentialPoolLow",
            "CostCredentialPoolEmpty",
            "CostCredentialEmergencyRotation",
            "CostCredentialDegraded",
            "CostCredentialOperatorAbsent");
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
            "costcred.io/clusterrotationpolicies:watch",
            "costcred.io/credentialconnections:get",
            "costcred.io/credentialconnections:list",
            "costcred.io/credentialconnections:watch",
            "costcred.io/clustercredentialconnections:get",
            "costcred.io/clustercredentialconnections:list",
            "costcred.io/clustercredentialconnections:watch");
    List<String> tenantVerbs =
        List.of("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(RbacRules.of(edit.getRules()))
        .containsExactlyInAnyOrderElementsOf(
            tenantVerbs.stream()
                .flatMap(
                    v ->
                        java.util.stream.Stream.of(
                            "costcred.io/costcredentials:" + v,
                            "costcred.io/credentialconnections:" + v))
                .toList());
    // The operator's identities: only cluster administrators write cluster connections.
    assertThat(RbacRules.of(edit.getRules()))
        .noneMatch(r -> r.contains("clustercredentialconnections"));
    assertThat(RbacRules.of(rotator.getRules())).noneMatch(r -> r.contains("connections"));
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

  private static List<String> args(Map<String, Object> values) {
    return RenderedChart.render(values).operator().getArgs();
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
