package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.ALL_FLAGS_ON;
import static io.costcred.operator.platform.RenderedChart.NAMESPACE;
import static io.costcred.operator.platform.RenderedChart.RELEASE;
import static io.costcred.operator.platform.RenderedChart.values;
import static io.costcred.operator.platform.RenderedChart.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Complements e2e/ChartPolicyTest: every RBAC variant of the chart grants the operator exactly what
 * it needs and nothing with a wildcard, and the pod meets the "restricted" profile. The checkers
 * themselves are tested on bad input, so a broken checker cannot pass the chart.
 */
class ChartLeastPrivilegeTest {
  private static final String SA = RELEASE + "-costcred-operator";

  /** The operator's own API: its CRDs, and namespace labels for policy selection. */
  private static final Set<String> CRD_RULES =
      Set.of(
          "costcred.io/costcredentials:get",
          "costcred.io/costcredentials:list",
          "costcred.io/costcredentials:watch",
          "costcred.io/costcredentials:update",
          "costcred.io/costcredentials:patch",
          "costcred.io/costcredentials/status:get",
          "costcred.io/costcredentials/status:update",
          "costcred.io/costcredentials/status:patch",
          "costcred.io/costcredentials/finalizers:update",
          "costcred.io/clusterrotationpolicies:list",
          "costcred.io/clusterrotationpolicies:watch",
          "costcred.io/clusterrotationpolicies/status:patch",
          "costcred.io/clustercredentialconnections:list",
          "costcred.io/clustercredentialconnections:watch",
          "costcred.io/credentialconnections:list",
          "costcred.io/credentialconnections:watch",
          "core/namespaces:list",
          "core/namespaces:watch");

  private static final Set<String> WORKLOAD_RULES =
      Set.of(
          "core/secrets:get",
          "core/secrets:create",
          "core/secrets:update",
          "core/secrets:delete",
          "core/secrets:list",
          "core/secrets:watch",
          "core/events:create",
          "apps/deployments:get",
          "apps/deployments:list",
          "apps/deployments:watch",
          "apps/deployments:patch",
          "apps/statefulsets:get",
          "apps/statefulsets:list",
          "apps/statefulsets:watch",
          "apps/statefulsets:patch",
          "apps/daemonsets:get",
          "apps/daemonsets:list",
          "apps/daemonsets:watch",
          "apps/daemonsets:patch",
          "argoproj.io/rollouts:get",
          "argoproj.io/rollouts:list",
          "argoproj.io/rollouts:watch",
          "argoproj.io/rollouts:patch",
          "core/pods:list",
          "core/pods:watch",
          "apps/replicasets:list",
          "apps/replicasets:watch",
          "batch/jobs:list",
          "batch/jobs:watch",
          "batch/cronjobs:list",
          "batch/cronjobs:watch");

  /** What rbac.watchSecrets=false takes away: the operator then never lists a Secret. */
  private static final Set<String> SECRET_WATCH = Set.of("core/secrets:list", "core/secrets:watch");

  private static final Set<String> LEASES =
      Set.of(
          "coordination.k8s.io/leases:get",
          "coordination.k8s.io/leases:create",
          "coordination.k8s.io/leases:update",
          "coordination.k8s.io/leases:patch");
  private static final Set<String> FINGERPRINT_KEY =
      Set.of("core/secrets#costcred-operator-fingerprint-key:get", "core/secrets:create");

  /** ALL_FLAGS_ON's connection Secrets and Vault ServiceAccount, by name only. */
  private static final Set<String> CONNECTIONS =
      Set.of(
          "core/secrets#platform-vault-approle:get",
          "core/secrets#platform-aws-keys:get",
          "core/serviceaccounts/token#costcred-vault:create");

  private static final String ANY_TOKEN = "core/serviceaccounts/token:create";

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("defaults", Map.of()),
        Arguments.of("all flags on", ALL_FLAGS_ON),
        Arguments.of(
            "watched namespaces, cluster-wide Secrets",
            values("watchNamespaces[0]", "finops", "rbac.scope", "cluster")),
        Arguments.of(
            "namespaced without user roles",
            values(
                "watchNamespaces[0]",
                "finops",
                "rbac.scope",
                "namespaced",
                "rbac.userRoles.create",
                false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void noRoleHasAWildcardEscalationOrSecretListing(String name, Map<String, Object> values) {
    List<HasMetadata> objects = RenderedChart.render(values).objects;
    assertThat(RbacRules.violations(objects)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void podMeetsTheRestrictedProfile(String name, Map<String, Object> values) {
    Deployment d = RenderedChart.render(values).one(Deployment.class);
    assertThat(PodSecurity.violations(d.getSpec().getTemplate().getSpec())).isEmpty();
  }

  @Test
  void clusterScopeGrantsExactlyWhatTheOperatorUses() {
    assertThat(grants(Map.of()))
        .isEqualTo(Map.of(RbacRules.CLUSTER, union(CRD_RULES, WORKLOAD_RULES), NAMESPACE, LEASES));
  }

  @Test
  void namespacedScopeKeepsSecretsInTheWatchedNamespaces() {
    assertThat(grants(ALL_FLAGS_ON))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    RbacRules.CLUSTER,
                    CRD_RULES,
                    "finops",
                    union(WORKLOAD_RULES, Set.of(ANY_TOKEN)),
                    "team-b",
                    union(WORKLOAD_RULES, Set.of(ANY_TOKEN)),
                    NAMESPACE,
                    union(LEASES, union(FINGERPRINT_KEY, CONNECTIONS)))));
  }

  @Test
  void withoutSecretWatchNoRoleListsSecretsAndTheOperatorIsTold() {
    for (var values :
        List.of(
            values("rbac.watchSecrets", false),
            values("rbac.watchSecrets", false, "watchNamespaces[0]", "finops"))) {
      var rendered = RenderedChart.render(values);
      assertThat(grants(values).values())
          .allSatisfy(g -> assertThat(g).doesNotContainAnyElementsOf(SECRET_WATCH));
      assertThat(rendered.operator().getArgs()).contains("--no-watch-secrets");
    }
    assertThat(grants(values("watchNamespaces[0]", "finops")).get("finops"))
        .containsAll(SECRET_WATCH);
    assertThat(RenderedChart.render(Map.of()).operator().getArgs())
        .doesNotContain("--no-watch-secrets");
  }

  @Test
  void noServiceAccountTokenByDefault() {
    assertThat(grants(values("watchNamespaces[0]", "finops")).values())
        .allSatisfy(g -> assertThat(g).noneMatch(r -> r.contains("serviceaccounts")));
    assertThat(grants(Map.of()).values())
        .allSatisfy(g -> assertThat(g).noneMatch(r -> r.contains("serviceaccounts")));
  }

  @Test
  void vaultServiceAccountTokensAreLimitedToTheNamedAccountsInBothScopes() {
    Map<String, Object> named =
        values("vault.serviceAccounts[0]", "costcred-vault", "vault.serviceAccounts[1]", "vault-b");
    Set<String> tokens =
        Set.of(
            "core/serviceaccounts/token#costcred-vault:create",
            "core/serviceaccounts/token#vault-b:create");
    assertThat(grants(named))
        .isEqualTo(
            Map.of(
                RbacRules.CLUSTER,
                union(CRD_RULES, WORKLOAD_RULES),
                NAMESPACE,
                union(LEASES, tokens)));
    assertThat(grants(with(named, "watchNamespaces[0]", "finops")).get(NAMESPACE))
        .containsAll(tokens)
        .doesNotContain(ANY_TOKEN);
  }

  @Test
  void connectionSecretsAreReadByNameInTheReleaseNamespace() {
    var g =
        grants(
            values(
                "watchNamespaces[0]",
                "finops",
                "connections.secretNames[0]",
                "platform-vault-approle"));
    assertThat(g.get(NAMESPACE))
        .isEqualTo(
            union(
                LEASES, union(FINGERPRINT_KEY, Set.of("core/secrets#platform-vault-approle:get"))));
    // Cluster scope reads every Secret already; no extra rule.
    assertThat(grants(values("connections.secretNames[0]", "platform-vault-approle")))
        .isEqualTo(grants(Map.of()));
  }

  @Test
  void tenantServiceAccountTokensFollowTheRbacScope() {
    var namespaced =
        grants(values("watchNamespaces[0]", "finops", "rbac.tenantServiceAccountTokens", true));
    assertThat(namespaced.get("finops")).contains(ANY_TOKEN);
    assertThat(namespaced.get(RbacRules.CLUSTER)).doesNotContain(ANY_TOKEN);
    assertThat(namespaced.get(NAMESPACE)).doesNotContain(ANY_TOKEN);
    var cluster = grants(values("rbac.tenantServiceAccountTokens", true));
    assertThat(cluster.get(RbacRules.CLUSTER)).contains(ANY_TOKEN);
  }

  @Test
  void clusterScopeCanBeKeptWithWatchedNamespaces() {
    assertThat(grants(values("watchNamespaces[0]", "finops", "rbac.scope", "cluster")))
        .isEqualTo(Map.of(RbacRules.CLUSTER, union(CRD_RULES, WORKLOAD_RULES), NAMESPACE, LEASES));
  }

  @Test
  void namespacedScopeWithoutWatchedNamespacesIsRefused() {
    assertThatThrownBy(() -> RenderedChart.render(values("rbac.scope", "namespaced")))
        .hasMessageContaining("rbac.scope=namespaced needs watchNamespaces");
  }

  @Test
  void customServiceAccountNameIsBound() {
    Map<String, Object> v = with(Map.of(), "serviceAccount.name", "finops-rotator");
    var objects = RenderedChart.render(v).objects;
    assertThat(RbacRules.effective(objects, NAMESPACE, "finops-rotator"))
        .containsKeys(RbacRules.CLUSTER, NAMESPACE);
    assertThat(RenderedChart.render(v).one(Deployment.class).getSpec().getTemplate().getSpec())
        .extracting(PodSpec::getServiceAccountName)
        .isEqualTo("finops-rotator");
  }

  @Test
  void rbacCheckerCatchesWhatItMust() {
    List<HasMetadata> bad =
        List.of(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("a")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get", "list")
                .endRule()
                .addNewRule()
                .withApiGroups("*")
                .withResources("pods")
                .withVerbs("get")
                .endRule()
                .addNewRule()
                .withApiGroups("")
                .withResources("*")
                .withVerbs("get")
                .endRule()
                .addNewRule()
                .withApiGroups("rbac.authorization.k8s.io")
                .withResources("clusterroles")
                .withVerbs("escalate")
                .endRule()
                .withNewAggregationRule()
                .endAggregationRule()
                .build(),
            new RoleBuilder()
                .withNewMetadata()
                .withName("b")
                .withNamespace("x")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("pods")
                .withVerbs("*")
                .endRule()
                .addNewRule()
                .withNonResourceURLs("/metrics")
                .withVerbs("get")
                .endRule()
                .build());
    assertThat(RbacRules.violations(bad))
        .hasSize(7)
        .anyMatch(p -> p.contains("lists or watches Secrets"))
        .anyMatch(p -> p.contains("escalating verb escalate"))
        .anyMatch(p -> p.contains("aggregationRule"))
        .anyMatch(p -> p.contains("nonResourceURLs"))
        .anyMatch(p -> p.startsWith("Role x/b: wildcard"));
  }

  @Test
  void podCheckerCatchesWhatItMust() {
    PodSpec bad =
        new PodSpecBuilder()
            .withHostNetwork(true)
            .addNewVolume()
            .withName("host")
            .withNewHostPath("/", null)
            .endVolume()
            .addNewContainer()
            .withName("c")
            .withNewSecurityContext()
            .withPrivileged(true)
            .withNewCapabilities()
            .withAdd("SYS_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .addNewPort()
            .withContainerPort(80)
            .withHostPort(80)
            .endPort()
            .endContainer()
            .build();
    assertThat(PodSecurity.violations(bad))
        .contains(
            "host namespaces",
            "volume host has a type restricted pods may not use",
            "container c: privileged",
            "container c: allowPrivilegeEscalation is not false",
            "container c: runAsNonRoot is not true",
            "container c: seccompProfile is not RuntimeDefault or Localhost",
            "container c: does not drop ALL capabilities",
            "container c: adds capabilities [SYS_ADMIN]",
            "container c: hostPort",
            "container c: root file system is writable");
  }

  private static Map<String, Set<String>> grants(Map<String, Object> values) {
    return RbacRules.effective(RenderedChart.render(values).objects, NAMESPACE, SA);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
