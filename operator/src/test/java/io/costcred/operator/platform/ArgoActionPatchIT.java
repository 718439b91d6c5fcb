package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.costcred.operator.testing.Chart;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The merge patch ArgoCD sends for the emergency-rotate action (expectedPatch in
 * deploy/argocd/actions_test.yaml), written by an identity standing in for ArgoCD (patch on
 * costcredentials, nothing else) through the chart's costcred-requester-identity policy on the real
 * API server: it passes and removes the earlier requester's annotation, where an action that named
 * a requester would be refused. The policy is applied under a unique name and bound to this test's
 * namespace only; the CRD comes from crds/ (as in RequesterIdentityIT).
 */
class ArgoActionPatchIT {
  private static final ResourceDefinitionContext COSTCREDENTIALS =
      new ResourceDefinitionContext.Builder()
          .withGroup("costcred.io")
          .withVersion("v1alpha1")
          .withPlural("costcredentials")
          .withKind("CostCredential")
          .withNamespaced(true)
          .build();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASE = "argo" + Long.toString(System.nanoTime(), 36);
  private static final String POLICY = "costcred-requester-identity-" + RELEASE;
  private static final String ARGOCD = "argocd-server";

  private static KubernetesClient admin;
  private static String ns;
  private static final List<HasMetadata> clusterScoped = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    admin = RealCluster.client();
    ns = RealCluster.freshNamespace(admin, "finops");
    installCrdIfMissing();
    // The state before the action: an earlier request whose requester kubectl annotate recorded.
    GenericKubernetesResource cr =
        YAML.readValue(
            ArgoLuaTest.DIR.resolve("testdata/healthy-annotated.yaml").toFile(),
            GenericKubernetesResource.class);
    cr.getMetadata().setNamespace(ns);
    cr.getMetadata().setUid(null);
    cr.getMetadata().setGeneration(null);
    cr.getAdditionalProperties().remove("status");
    admin.genericKubernetesResources(COSTCREDENTIALS).inNamespace(ns).resource(cr).create();
    bindArgoCd();
    installPolicy();
  }

  @AfterAll
  static void cleanUp() {
    if (admin == null) {
      return;
    }
    clusterScoped.forEach(o -> admin.resource(o).delete());
    admin.namespaces().withName(ns).delete();
    admin.close();
  }

  @Test
  void theActionsPatchPassesThePolicyAndDropsTheEarlierRequester() throws Exception {
    try (KubernetesClient argocd = Chart.clientAs(admin, ns, ARGOCD)) {
      // Until the API server enforces the policy (asynchronously), a forged requester passes.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> refused(argocd, "{\"metadata\":{\"annotations\":{" + forged() + "}}}"));

      patch(argocd, JSON.writeValueAsString(emergencyPatch()));
      Map<String, String> a = annotations();
      assertThat(a)
          .containsEntry(
              "costcred.io/emergency-rotation",
              "argocd 2026-05-21T10:00:00Z: INC-1234 token pasted in #general")
          .containsEntry("example.com/team", "finops")
          .doesNotContainKey("costcred.io/requested-by");

      // What an action that wrote ArgoCD's user into the annotation would get.
      assertThatThrownBy(
              () ->
                  patch(
                      argocd,
                      "{\"metadata\":{\"annotations\":{\"costcred.io/emergency-rotation\":\"x\","
                          + forged()
                          + "}}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("costcred.io/requested-by may only be set to the requester");
    }
  }

  /** expectedPatch of the emergency-rotate case on testdata/healthy-annotated.yaml. */
  private static JsonNode emergencyPatch() throws Exception {
    JsonNode tests = YAML.readTree(ArgoLuaTest.DIR.resolve("actions_test.yaml").toFile());
    for (JsonNode t : tests.get("actionTests")) {
      if (t.get("action").asText().equals("emergency-rotate")
          && t.get("inputPath").asText().equals("testdata/healthy-annotated.yaml")) {
        JsonNode p = t.get("expectedPatch");
        assertThat(p.at("/metadata/annotations/costcred.io~1requested-by").isNull()).isTrue();
        return p;
      }
    }
    throw new AssertionError("actions_test.yaml has no emergency-rotate case on healthy-annotated");
  }

  /** A requester other than the writer, new each time (an unchanged value always passes). */
  private static String forged() {
    return "\"costcred.io/requested-by\":\"mallory-" + System.nanoTime() + "@example.com\"";
  }

  private static boolean refused(KubernetesClient as, String mergePatch) {
    try {
      patch(as, mergePatch);
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422) {
        return true;
      }
      throw e;
    }
  }

  private static void patch(KubernetesClient as, String mergePatch) {
    as.genericKubernetesResources(COSTCREDENTIALS)
        .inNamespace(ns)
        .withName("finfocus-vantage")
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static Map<String, String> annotations() {
    return admin
        .genericKubernetesResources(COSTCREDENTIALS)
        .inNamespace(ns)
        .withName("finfocus-vantage")
        .get()
        .getMetadata()
        .getAnnotations();
  }

  /** A ServiceAccount that may get and patch CostCredentials: what an action needs of ArgoCD. */
  private static void bindArgoCd() {
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(ARGOCD)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(ARGOCD)
                .withNamespace(ns)
                .endMetadata()
                .addNewRule()
                .withApiGroups("costcred.io")
                .withResources("costcredentials")
                .withVerbs("get", "patch")
                .endRule()
                .build())
        .create();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(ARGOCD)
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", ARGOCD)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ARGOCD)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }

  /** The chart's policy, renamed and bound to this test's namespace only. */
  private static void installPolicy() throws Exception {
    String rendered =
        new Helm(Chart.DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(ns)
            .withKubeVersion("1.34.10")
            .set("watchNamespaces[0]", ns)
            .skipCrds()
            .call();
    List<HasMetadata> chart = Chart.objects(admin, rendered);
    ValidatingAdmissionPolicy policy =
        new ValidatingAdmissionPolicyBuilder(one(chart, ValidatingAdmissionPolicy.class))
            .editMetadata()
            .withName(POLICY)
            .endMetadata()
            .build();
    ValidatingAdmissionPolicyBinding binding =
        new ValidatingAdmissionPolicyBindingBuilder(
                one(chart, ValidatingAdmissionPolicyBinding.class))
            .editMetadata()
            .withName(POLICY)
            .endMetadata()
            .editSpec()
            .withPolicyName(POLICY)
            .withNewMatchResources()
            .withNamespaceSelector(
                new LabelSelectorBuilder()
                    .addToMatchLabels("kubernetes.io/metadata.name", ns)
                    .build())
            .endMatchResources()
            .endSpec()
            .build();
    clusterScoped.add(admin.resource(policy).create());
    clusterScoped.add(admin.resource(binding).create());
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> chart, Class<T> type) {
    List<T> found = chart.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** The CRD from crds/, unless the shared cluster has one (another test's version stays). */
  private static void installCrdIfMissing() throws Exception {
    var crds = admin.apiextensions().v1().customResourceDefinitions();
    if (crds.withName("costcredentials.costcred.io").get() != null) {
      return;
    }
    try (var in = Files.newInputStream(Path.of("../crds/costcredentials.costcred.io-v1.yml"))) {
      admin.resource(crds.load(in).item()).forceConflicts().serverSideApply();
    }
    crds.withName("costcredentials.costcred.io")
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30,
            TimeUnit.SECONDS);
  }
}
