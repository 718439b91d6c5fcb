package io.costcred.kubectl;

import static io.costcred.kubectl.ListDescribeMockTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consumers} and {@code acknowledge-hold} of the packaged plugin against the real local
 * cluster. The operator does not run: the status (consumers, a Held revocation) is written by hand
 * through the status subresource, as admin. Namespaced Roles only: nothing cluster-wide is created
 * but the CRD the other suites apply too.
 */
class ConsumersIT {
  static KubernetesClient admin;
  static String ns;
  static Path adminConfig;
  static Path editorConfig;
  static Path rotatorConfig;

  @TempDir static Path tmp;

  @BeforeAll
  static void cluster() throws Exception {
    admin = RealCluster.admin();
    adminConfig = RealCluster.kubeconfig();
    RealCluster.installCrd(admin);
    ns = RealCluster.freshNamespace(admin, "kubectl-consumers");
    // What acknowledge-hold needs (docs/kubectl-plugin.md#rbac): get and patch on costcredentials.
    role(
        "editor",
        List.of(
            new PolicyRuleBuilder()
                .withApiGroups("costcred.io")
                .withResources("costcredentials")
                .withVerbs("get", "patch")
                .build()));
    // The emergency rotator's rules, as shipped, in a namespaced Role: they must not suffice.
    ClusterRole rotator;
    try (InputStream in =
        Files.newInputStream(
            Launcher.pluginDir().resolve("deploy/costcred-emergency-rotator.yaml"))) {
      rotator = admin.getKubernetesSerialization().unmarshal(in, ClusterRole.class);
    }
    role("rotator", rotator.getRules());
    editorConfig = RealCluster.kubeconfigFor(admin, ns, "editor", tmp);
    rotatorConfig = RealCluster.kubeconfigFor(admin, ns, "rotator", tmp);
  }

  /** A ServiceAccount, a Role of the same name with {@code rules}, bound to it. */
  private static void role(String name, List<PolicyRule> rules) {
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(name)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(ns)
                .endSubject()
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

  /** A CostCredential with the consumers fixture written through the status subresource. */
  private static void held(String name) {
    Fixtures.create(admin, ns, name);
    Fixtures.status(admin, ns, name, Fixtures.resource("status-consumers.json"));
  }

  @Test
  void consumersShowsTheStatusTheApiServerKept() throws Exception {
    held("shown");
    String cfg = adminConfig.toString();
    var r = Launcher.run("--kubeconfig", cfg, "consumers", "shown", "-n", ns);
    assertThat(r.code()).as(r.toString()).isZero();
    var lines = r.out().lines().toList();
    assertThat(words(lines.get(0)))
        .containsExactly("KIND", "NAME", "RESTART", "READS", "PODS", "CURRENT", "OLD", "OLD-PODS");
    assertThat(lines.subList(1, 7).stream().map(l -> words(l).get(0) + "/" + words(l).get(1)))
        .containsExactly(
            "Deployment/api",
            "Rollout/web",
            "Deployment/reader",
            "CronJob/batch-report",
            "Job/migrate",
            "Pod/debug-shell");
    assertThat(words(lines.get(5)))
        .containsExactly(
            "Job",
            "migrate",
            "NotRestarted",
            "Volume",
            "7",
            "0",
            "7",
            "migrate-1,migrate-2,migrate-3,migrate-4,migrate-5",
            "(+2",
            "more)");
    assertThat(lines.get(7)).startsWith("3 more consumer(s) not listed");
    assertThat(lines.get(8))
        .startsWith("Revocation of token 2025-10-01 held since 2026-01-20T09:00:05Z (")
        .endsWith(
            "): Pod debug-shell, Rollout web (3 pods), Job migrate (7 pods) still on the"
                + " old token");
    assertThat(lines.get(9))
        .isEqualTo("To revoke anyway: kubectl costcred acknowledge-hold shown -n " + ns);

    var json = Launcher.run("--kubeconfig", cfg, "consumers", "shown", "-n", ns, "-o", "json");
    assertThat(json.code()).as(json.toString()).isZero();
    JsonNode n = new ObjectMapper().readTree(json.out());
    assertThat(n.path("consumers")).hasSize(6);
    assertThat(n.at("/consumers/1/reads").toString()).isEqualTo("[\"Env\",\"SubPath\"]");
    assertThat(n.path("consumersOmitted").asInt()).isEqualTo(3);
    assertThat(n.at("/heldRevocations/0/state").asText()).isEqualTo("Held");
    assertThat(n.path("heldRevocations")).hasSize(1);

    var describe = Launcher.run("--kubeconfig", cfg, "describe", "shown", "-n", ns);
    assertThat(describe.code()).as(describe.toString()).isZero();
    assertThat(describe.out()).contains("Consumers:", "RevocationHeld", "OldCredentialInUse");

    var missing = Launcher.run("--kubeconfig", cfg, "consumers", "absent", "-n", ns);
    assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCodes.API_ERROR);
  }

  @Test
  void acknowledgeHoldSetsTheAnnotationWithGetAndPatchOnly() throws Exception {
    held("acked");
    CredentialView before = Fixtures.read(admin, ns, "acked");
    var r = Launcher.run("--kubeconfig", editorConfig.toString(), "acknowledge-hold", "acked");
    assertThat(r.code()).as(r.toString()).isZero();
    CredentialView after = Fixtures.read(admin, ns, "acked");
    String me = "system:serviceaccount:" + ns + ":editor";
    assertThat(after.annotation(Annotations.ACKNOWLEDGE_HOLD)).isEqualTo("7c0ffee0-uid-r5");
    assertThat(after.annotation(Annotations.REQUESTED_BY)).isEqualTo(me);
    assertThat(r.out()).contains("costcred.io/acknowledge-revocation-hold=7c0ffee0-uid-r5", me);
    // An annotation: no new generation, spec and status as they were.
    assertThat(after.generation()).isEqualTo(before.generation());
    assertThat(after.root().get("spec")).isEqualTo(before.root().get("spec"));
    assertThat(after.status()).isEqualTo(before.status());

    var shown = Launcher.run("--kubeconfig", editorConfig.toString(), "consumers", "acked");
    assertThat(shown.out()).contains("[acknowledged:").doesNotContain("To revoke anyway");
  }

  @Test
  void theRotatorRoleMayNotAcknowledgeAndNothingHeldIsRefused() throws Exception {
    held("guarded");
    var r = Launcher.run("--kubeconfig", rotatorConfig.toString(), "acknowledge-hold", "guarded");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err())
        .contains("Forbidden", "system:serviceaccount:" + ns + ":rotator")
        .contains("acknowledge-hold needs get and patch on costcredentials");
    assertThat(Fixtures.read(admin, ns, "guarded").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isNull();

    Fixtures.create(admin, ns, "quiet");
    var none = Launcher.run("--kubeconfig", editorConfig.toString(), "acknowledge-hold", "quiet");
    assertThat(none.code()).as(none.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(none.err()).contains("nothing to acknowledge");
    assertThat(Fixtures.read(admin, ns, "quiet").annotation(Annotations.ACKNOWLEDGE_HOLD)).isNull();
  }
}
