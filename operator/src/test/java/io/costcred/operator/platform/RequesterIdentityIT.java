package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.costcred.operator.testing.Chart;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's ValidatingAdmissionPolicy costcred-requester-identity on the real API server: a
 * rotation request or requested-by annotation that names someone other than the writer is refused,
 * the writer's own name (what {@code kubectl costcred rotate} writes, from a SelfSubjectReview) and
 * the operator's ServiceAccount pass. The subjects hold exactly the chart's roles
 * (costcred-emergency-rotator, costcred-edit, the operator's ClusterRole). The policy is applied
 * under a unique name and bound to this test's namespace only, so it cannot disturb other tests on
 * the shared cluster; its rules are the chart's, unchanged.
 */
class RequesterIdentityIT {
  private static final ResourceDefinitionContext COSTCREDENTIALS =
      new ResourceDefinitionContext.Builder()
          .withGroup("costcred.io")
          .withVersion("v1alpha1")
          .withPlural("costcredentials")
          .withKind("CostCredential")
          .withNamespaced(true)
          .build();
  private static final String NAME = "finfocus-vantage";
  private static final String RELEASE = "rid" + Long.toString(System.nanoTime(), 36);
  private static final String POLICY = "costcred-requester-identity-" + RELEASE;

  private static KubernetesClient admin;
  private static String opNamespace;
  private static String ns;
  private static List<HasMetadata> chart;
  private static final List<HasMetadata> clusterScoped = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    admin = RealCluster.client();
    opNamespace = RealCluster.freshNamespace(admin, "costcred-system");
    ns = RealCluster.freshNamespace(admin, "finops");
    chart =
        Chart.objects(
            admin,
            new Helm(Chart.DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(opNamespace)
                .withKubeVersion("1.34.10")
                .set("watchNamespaces[0]", ns)
                .set("crds.enabled", false) // never the shared cluster's CRDs
                .call());
    installCrdIfMissing();
    // The operator: the chart's ServiceAccount and ClusterRole (status patch on costcredentials).
    for (HasMetadata o : chart) {
      boolean operatorRbac =
          (o instanceof ClusterRole || o instanceof ClusterRoleBinding)
              && o.getMetadata().getName().equals(RELEASE + "-costcred-operator");
      if (operatorRbac) {
        clusterScoped.add(admin.resource(o).forceConflicts().serverSideApply());
      } else if (o instanceof ServiceAccount sa
          && sa.getMetadata().getName().equals(RELEASE + "-costcred-operator")) {
        admin.resource(o).forceConflicts().serverSideApply();
      }
    }
    // People: the chart's user roles, bound in this namespace only.
    bindChartRole("costcred-emergency-rotator", "oncall");
    bindChartRole("costcred-edit", "editor");
    GenericKubernetesResource sample =
        (GenericKubernetesResource)
            Chart.objects(
                    admin, Files.readString(Path.of("../config/samples/finfocus-vantage.yaml")))
                .get(0);
    admin.genericKubernetesResources(COSTCREDENTIALS).inNamespace(ns).resource(sample).create();
    spoofWorksUntilThePolicyIsInstalled();
  }

  @AfterAll
  static void cleanUp() {
    if (admin == null) {
      return;
    }
    clusterScoped.forEach(o -> admin.resource(o).delete());
    List.of(ns, opNamespace).forEach(n -> admin.namespaces().withName(n).delete());
    admin.close();
  }

  @Test
  void rotationRequestMustNameTheRequesterUnlessTheOperatorWritesIt() {
    try (KubernetesClient oncall = Chart.clientAs(admin, ns, "oncall");
        KubernetesClient operator =
            Chart.clientAs(admin, opNamespace, RELEASE + "-costcred-operator")) {
      String me = whoAmI(oncall);
      String before = requestedBy();
      assertThatThrownBy(() -> requestRotation(oncall, "alice@example.com"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("status.requestedRotation.requestedBy must be the requester")
          .hasMessageContaining(me);
      assertThat(requestedBy()).isEqualTo(before);

      // What the plugin writes: the username the API server reported. Accepted.
      requestRotation(oncall, me);
      assertThat(requestedBy()).isEqualTo(me);

      // The operator's own ServiceAccount is exempt.
      requestRotation(operator, "on behalf of the annotation's requester");
      assertThat(requestedBy()).isEqualTo("on behalf of the annotation's requester");

      // A status write that leaves somebody else's request unchanged passes.
      patchStatus(oncall, "{\"status\":{\"observedGeneration\":1}}");
    }
  }

  @Test
  void requestedByAnnotationMustNameTheWriter() {
    try (KubernetesClient editor = Chart.clientAs(admin, ns, "editor")) {
      assertThatThrownBy(() -> annotate(editor, "alice@example.com"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("annotation costcred.io/requested-by may only be set to");
      String editorName = whoAmI(editor);
      annotate(editor, editorName);
      assertThat(annotations()).containsEntry("costcred.io/requested-by", editorName);
      // Someone else editing the object leaves the (unchanged) annotation alone: accepted.
      admin
          .genericKubernetesResources(COSTCREDENTIALS)
          .inNamespace(ns)
          .withName(NAME)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"costcred.io/rotate\":\"r1\"}}}");
      assertThat(annotations()).containsEntry("costcred.io/requested-by", editorName);

      GenericKubernetesResource spoofed =
          admin.genericKubernetesResources(COSTCREDENTIALS).inNamespace(ns).withName(NAME).get();
      spoofed.setMetadata(
          new ObjectMetaBuilder()
              .withName("spoofed")
              .withNamespace(ns)
              .addToAnnotations("costcred.io/requested-by", "alice@example.com")
              .build());
      spoofed.getAdditionalProperties().remove("status");
      var inNs = editor.genericKubernetesResources(COSTCREDENTIALS).inNamespace(ns);
      assertThatThrownBy(() -> inNs.resource(spoofed).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("costcred.io/requested-by");
    }
  }

  /**
   * Control first: without the policy the emergency-rotator role lets anyone claim to be anyone.
   * Then the chart's policy, and a wait until the API server enforces it (asynchronously).
   */
  private static void spoofWorksUntilThePolicyIsInstalled() {
    try (KubernetesClient oncall = Chart.clientAs(admin, ns, "oncall")) {
      assertThat(whoAmI(oncall)).isEqualTo("system:serviceaccount:" + ns + ":oncall");
      requestRotation(oncall, "alice@example.com");
      assertThat(requestedBy()).isEqualTo("alice@example.com");

      installPolicy();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> rejected(() -> requestRotation(oncall, "mallory@example.com")));
    }
    // A misspelt field would only be a type-check warning, and a runtime error (deny all) later.
    var policies = admin.admissionRegistration().v1().validatingAdmissionPolicies();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var s = policies.withName(POLICY).get().getStatus();
              return s != null && s.getTypeChecking() != null;
            });
    assertThat(
            policies.withName(POLICY).get().getStatus().getTypeChecking().getExpressionWarnings())
        .isEmpty();
  }

  /** The chart's policy, renamed and bound to this test's namespace only. */
  private static void installPolicy() {
    ValidatingAdmissionPolicy policy =
        new ValidatingAdmissionPolicyBuilder(one(ValidatingAdmissionPolicy.class))
            .editMetadata()
            .withName(POLICY)
            .endMetadata()
            .build();
    ValidatingAdmissionPolicyBinding binding =
        new ValidatingAdmissionPolicyBindingBuilder(one(ValidatingAdmissionPolicyBinding.class))
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

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = chart.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** A Role with the rules of the chart's ClusterRole, bound to a new ServiceAccount. */
  private static void bindChartRole(String clusterRole, String serviceAccount) {
    ClusterRole cr =
        chart.stream()
            .filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(clusterRole))
            .map(ClusterRole.class::cast)
            .findFirst()
            .orElseThrow();
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(serviceAccount)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(clusterRole)
                .withNamespace(ns)
                .endMetadata()
                .withRules(cr.getRules())
                .build())
        .create();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(clusterRole + "-" + serviceAccount)
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", clusterRole)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(serviceAccount)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }

  private static void installCrdIfMissing() throws Exception {
    var crds = admin.apiextensions().v1().customResourceDefinitions();
    if (crds.withName("costcredentials.costcred.io").get() != null) {
      return; // shared cluster: leave whatever version other tests installed
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
            java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The same merge patch {@code kubectl costcred rotate} sends (RotateCommand.patch). */
  private static void requestRotation(KubernetesClient as, String requestedBy) {
    patchStatus(
        as,
        "{\"status\":{\"requestedRotation\":{\"id\":\""
            + UUID.randomUUID()
            + "\",\"emergency\":true,\"reason\":\"INC-1\",\"requestedBy\":\""
            + requestedBy
            + "\",\"requestedAt\":\"2026-05-21T10:00:00Z\"}}}");
  }

  private static void patchStatus(KubernetesClient as, String mergePatch) {
    as.genericKubernetesResources(COSTCREDENTIALS)
        .inNamespace(ns)
        .withName(NAME)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static void annotate(KubernetesClient as, String requestedBy) {
    as.genericKubernetesResources(COSTCREDENTIALS)
        .inNamespace(ns)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"costcred.io/emergency-rotation\":\"INC-2\","
                + "\"costcred.io/requested-by\":\""
                + requestedBy
                + "\"}}}");
  }

  private static boolean rejected(Runnable write) {
    try {
      write.run();
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422) {
        return true;
      }
      throw e;
    }
  }

  private static String whoAmI(KubernetesClient as) {
    return as.authentication()
        .v1()
        .selfSubjectReviews()
        .create(new SelfSubjectReview())
        .getStatus()
        .getUserInfo()
        .getUsername();
  }

  @SuppressWarnings("unchecked")
  private static String requestedBy() {
    GenericKubernetesResource r =
        admin.genericKubernetesResources(COSTCREDENTIALS).inNamespace(ns).withName(NAME).get();
    var status = (Map<String, Object>) r.getAdditionalProperties().get("status");
    return (String) ((Map<String, Object>) status.get("requestedRotation")).get("requestedBy");
  }

  private static Map<String, String> annotations() {
    return admin
        .genericKubernetesResources(COSTCREDENTIALS)
        .inNamespace(ns)
        .withName(NAME)
        .get()
        .getMetadata()
        .getAnnotations();
  }
}
