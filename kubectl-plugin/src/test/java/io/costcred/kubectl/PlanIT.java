package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan} of the packaged plugin on the real cluster: a suspended credential (the CRD of this
 * repository keeps spec.suspend), read by the admin and by a ServiceAccount that may only get
 * CostCredentials (the pool Secret is then not readable, which the plan says).
 */
class PlanIT {
  static KubernetesClient admin;
  static String ns;
  static Path viewerConfig;

  @TempDir static Path tmp;

  @BeforeAll
  static void cluster() {
    admin = RealCluster.admin();
    RealCluster.installCrd(admin);
    ns = RealCluster.freshNamespace(admin, "plan");
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("viewer").endMetadata().build())
        .create();
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("ccred-get")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("costcred.io")
                        .withResources("costcredentials")
                        .withVerbs("get")
                        .build())
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("viewer")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName("ccred-get")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("viewer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    viewerConfig = RealCluster.kubeconfigFor(admin, ns, "viewer", tmp);
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("finfocus-vantage-pool")
                .endMetadata()
                .withStringData(Map.of("a", "not-printed-a", "b", "not-printed-b"))
                .build())
        .create();
  }

  @AfterAll
  static void cleanUp() {
    if (admin != null) {
      if (ns != null) {
        admin.namespaces().withName(ns).delete();
      }
      admin.close();
    }
  }

  @Test
  void aSuspendedCredentialIsPlannedAsSuspendedWithTheUsersOwnRights() throws Exception {
    Fixtures.create(admin, ns, "paused");
    Fixtures.richStatus(admin, ns, "paused");
    Fixtures.replaceStatus(admin, ns, "paused", "{\"status\":{\"nextRotationTime\":null}}");
    admin
        .genericKubernetesResources(Api.COSTCREDENTIALS)
        .inNamespace(ns)
        .withName("paused")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
    assertThat(Fixtures.read(admin, ns, "paused").root().at("/spec/suspend").asBoolean())
        .as("the CRD keeps spec.suspend")
        .isTrue();

    var asAdmin =
        Launcher.run(
            "--kubeconfig", RealCluster.kubeconfig().toString(), "plan", "paused", "-n", ns);
    assertThat(asAdmin.code()).as(asAdmin.toString()).isZero();
    assertThat(asAdmin.out())
        .contains("When:")
        .contains("Suspended: scheduled rotations are paused by spec.suspend")
        .contains("pool Secret finfocus-vantage-pool: 2 usable token(s), 2 key(s) in the Secret")
        .contains("kubernetesSecret " + ns + "/finfocus-vantage")
        .doesNotContain("not-printed");

    var asViewer =
        Launcher.run("--kubeconfig", viewerConfig.toString(), "plan", "paused", "-o", "json");
    assertThat(asViewer.code()).as(asViewer.toString()).isZero();
    JsonNode plan = new ObjectMapper().readTree(asViewer.out());
    assertThat(plan.at("/when/state").asText()).isEqualTo("Suspended");
    assertThat(plan.at("/tokenSource/message").asText()).contains("not readable with your rights");
    assertThat(plan.at("/tokenSource/poolSecretKeys").isMissingNode()).isTrue();
    assertThat(plan.at("/stores/0/kind").asText()).isEqualTo("kubernetesSecret");
  }
}
