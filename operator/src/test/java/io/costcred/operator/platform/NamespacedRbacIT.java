package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettingsAccess;
import io.costcred.operator.testing.Chart;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rbac.scope=namespaced on the real cluster: the operator, authenticated as the chart's
 * ServiceAccount with only the per-namespace Roles for Secrets, rotates in its watched namespace
 * (fingerprint key, lease, ledger, stores, Events, restart) and is denied Secrets anywhere else.
 */
class NamespacedRbacIT {
  private static KubernetesClient admin;
  private static String opNamespace;
  private static String workloads;
  private static String elsewhere;
  private static final String RELEASE = "ns" + Long.toString(System.nanoTime(), 36);

  @BeforeAll
  static void installChartRbac() {
    admin = RealCluster.client();
    opNamespace = RealCluster.freshNamespace(admin, "costcred-system");
    workloads = RealCluster.freshNamespace(admin, "finops");
    elsewhere = RealCluster.freshNamespace(admin, "other");
    String rendered =
        new com.marcnuri.helm.Helm(Chart.DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(opNamespace)
            .withKubeVersion("1.34.10")
            .set("watchNamespaces[0]", workloads)
            .set("rbac.userRoles.create", false)
            .set("admissionPolicy.enabled", false)
            .set("vault.serviceAccounts[0]", "costcred-vault")
            .set("vault.createServiceAccounts", true)
            .set("connections.secretNames[0]", "platform-vault-approle")
            .set("crds.enabled", false) // never the shared cluster's CRDs
            .call();
    for (HasMetadata o : Chart.objects(admin, rendered)) {
      if (!(o instanceof Deployment)) {
        admin.resource(o).forceConflicts().serverSideApply();
      }
    }
  }

  @AfterAll
  static void cleanUp() {
    admin.rbac().clusterRoles().withName(RELEASE + "-costcred-operator").delete();
    admin.rbac().clusterRoleBindings().withName(RELEASE + "-costcred-operator").delete();
    List.of(opNamespace, workloads, elsewhere)
        .forEach(n -> admin.namespaces().withName(n).delete());
    admin.close();
  }

  @Test
  void operatorRotatesInItsNamespaceAndCannotTouchSecretsElsewhere() throws Exception {
    try (KubernetesClient asOperator =
            Chart.clientAs(admin, opNamespace, RELEASE + "-costcred-operator");
        Harness h = new Harness(admin, workloads, PatchMode.SERVER_SIDE_APPLY)) {
      h.simulateControllers = false;
      h.installCrd();
      String first = h.issue("one");
      String second = h.issue("two");
      h.pool("finfocus-vantage-pool", Map.of("1", first, "2", second));
      h.deployment("finfocus-vantage", 1);
      var settings = OperatorSettingsAccess.production(opNamespace, List.of(workloads));
      try (OperatorApp app =
          new OperatorApp(asOperator, settings, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        h.apply(
            Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
                .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
        awaitCr(h, c -> Long.valueOf(1).equals(c.getStatus().getRevision()));
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(first);
        h.annotate("finfocus-vantage", Annotations.EMERGENCY, "namespaced rbac");
        awaitCr(h, c -> Long.valueOf(2).equals(c.getStatus().getRevision()));
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(second);
      }
      assertThat(
              admin
                  .secrets()
                  .inNamespace(opNamespace)
                  .withName("costcred-operator-fingerprint-key")
                  .get())
          .isNotNull();
      assertThat(allowed(asOperator, workloads, "get")).isTrue();
      assertThat(allowed(asOperator, elsewhere, "get")).isFalse();
      assertThat(allowed(asOperator, elsewhere, "create")).isFalse();
      assertThat(allowed(asOperator, opNamespace, "update")).isFalse();
      // rbac.watchSecrets (default): list and watch Secrets in the watched namespace only.
      assertThat(allowed(asOperator, workloads, "watch")).isTrue();
      assertThat(allowed(asOperator, elsewhere, "list")).isFalse();
    }
  }

  @Test
  void operatorGetsTokensAndConnectionSecretsOnlyByTheNamesInValues() {
    try (KubernetesClient asOperator =
        Chart.clientAs(admin, opNamespace, RELEASE + "-costcred-operator")) {
      // TokenRequest for the Vault ServiceAccount the chart created: allowed, audience vault.
      var review =
          asOperator
              .serviceAccounts()
              .inNamespace(opNamespace)
              .withName("costcred-vault")
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withAudiences("vault")
                      .withExpirationSeconds(600L)
                      .endSpec()
                      .build());
      assertThat(review.getStatus().getToken()).isNotBlank();
      // Not for its own account, nor for any ServiceAccount of a watched namespace.
      assertThatThrownBy(
              () ->
                  asOperator
                      .serviceAccounts()
                      .inNamespace(opNamespace)
                      .withName(RELEASE + "-costcred-operator")
                      .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThat(allowed(asOperator, workloads, "serviceaccounts", "token", "default", "create"))
          .isFalse();
      assertThat(allowed(asOperator, opNamespace, "secrets", "", "platform-vault-approle", "get"))
          .isTrue();
      assertThat(allowed(asOperator, opNamespace, "secrets", "", "another-secret", "get"))
          .isFalse();
    }
  }

  private static boolean allowed(KubernetesClient as, String namespace, String verb) {
    return allowed(as, namespace, "secrets", "", "", verb);
  }

  private static boolean allowed(
      KubernetesClient as,
      String namespace,
      String resource,
      String subresource,
      String name,
      String verb) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withNamespace(namespace)
            .withResource(resource)
            .withSubresource(subresource)
            .withName(name)
            .withVerb(verb)
            .endResourceAttributes()
            .endSpec()
            .build();
    return as.authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
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
