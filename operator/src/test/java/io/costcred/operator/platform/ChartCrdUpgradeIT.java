package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `helm upgrade` changes a CRD now that the CRDs are chart templates. The API server accepts the
 * chart's CostCredential CRD and a changed version of it (a field added, a description changed):
 * server-side apply as a dry run against the real costcred.io CRD, which other suites use and which
 * stays untouched, and for real on a copy in a throwaway group, which is established, upgraded,
 * serves the new field, keeps the helm.sh/resource-policy annotation, and is deleted afterwards.
 */
class ChartCrdUpgradeIT {
  private static final String MANAGER = "helm";
  private static final String ADDED = "addedInUpgrade";
  private static KubernetesClient admin;
  private static final String GROUP =
      "u" + Long.toString(System.nanoTime(), 36) + ".chart-upgrade.costcred.test";

  @BeforeAll
  static void connect() {
    admin = RealCluster.client();
  }

  @AfterAll
  static void cleanUp() {
    admin.apiextensions().v1().customResourceDefinitions().withName(throwawayName()).delete();
    admin.close();
  }

  @Test
  void apiServerAcceptsAChangedCrdOnTopOfTheChartsCrd() {
    CustomResourceDefinition chart = chartCrd();
    assertThat(chart.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    var real = admin.apiextensions().v1().customResourceDefinitions().withName(name(chart));
    String before = real.get().getMetadata().getResourceVersion();

    // The upgrade of the real CRD, as a dry run: validated and defaulted, not stored.
    CustomResourceDefinition dry =
        admin
            .resource(changed(chart))
            .dryRun()
            .fieldManager(MANAGER)
            .forceConflicts()
            .serverSideApply();
    assertThat(specProperties(dry)).containsKey(ADDED);
    assertThat(real.get().getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(specProperties(real.get())).doesNotContainKey(ADDED);

    // For real, in a group of its own: install, then upgrade.
    CustomResourceDefinition v1 = throwaway(chart);
    admin.resource(v1).fieldManager(MANAGER).forceConflicts().serverSideApply();
    var copy = admin.apiextensions().v1().customResourceDefinitions().withName(name(v1));
    CustomResourceDefinition installed =
        copy.waitUntilCondition(ChartCrdUpgradeIT::established, 60, TimeUnit.SECONDS);
    assertThat(specProperties(installed)).doesNotContainKey(ADDED);

    CustomResourceDefinition v2 = throwaway(changed(chart));
    admin.resource(v2).fieldManager(MANAGER).forceConflicts().serverSideApply();
    CustomResourceDefinition upgraded =
        copy.waitUntilCondition(
            c -> established(c) && specProperties(c).containsKey(ADDED), 60, TimeUnit.SECONDS);
    assertThat(specProperties(upgraded).get(ADDED).getType()).isEqualTo("string");
    assertThat(schema(upgraded).getDescription()).isEqualTo("changed by the upgrade");
    assertThat(upgraded.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(upgraded.getMetadata().getGeneration())
        .isGreaterThan(installed.getMetadata().getGeneration());
  }

  private static CustomResourceDefinition chartCrd() {
    return RenderedChart.renderAll(Map.of()).all(CustomResourceDefinition.class).stream()
        .filter(c -> name(c).equals("costcredentials.costcred.io"))
        .findFirst()
        .orElseThrow();
  }

  /** The chart's CRD with a new optional spec field and a new description, as a release adds. */
  private static CustomResourceDefinition changed(CustomResourceDefinition crd) {
    CustomResourceDefinition c = copy(crd);
    JSONSchemaProps spec = schema(c).getProperties().get("spec");
    spec.getProperties()
        .put(
            ADDED,
            new JSONSchemaPropsBuilder()
                .withType("string")
                .withDescription("A field a later chart version adds.")
                .build());
    schema(c).setDescription("changed by the upgrade");
    return c;
  }

  /** A deep copy: builders share nested schema maps. */
  private static CustomResourceDefinition copy(CustomResourceDefinition crd) {
    var json = admin.getKubernetesSerialization();
    return json.unmarshal(json.asJson(crd), CustomResourceDefinition.class);
  }

  private static CustomResourceDefinition throwaway(CustomResourceDefinition crd) {
    CustomResourceDefinition c = copy(crd);
    c.getSpec().setGroup(GROUP);
    c.getMetadata().setName(throwawayName());
    c.getMetadata().setResourceVersion(null);
    return c;
  }

  private static String throwawayName() {
    return "costcredentials." + GROUP;
  }

  private static String name(CustomResourceDefinition c) {
    return c.getMetadata().getName();
  }

  private static JSONSchemaProps schema(CustomResourceDefinition c) {
    return c.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static Map<String, JSONSchemaProps> specProperties(CustomResourceDefinition c) {
    return schema(c).getProperties().get("spec").getProperties();
  }

  private static boolean established(CustomResourceDefinition c) {
    return c != null
        && c.getStatus() != null
        && c.getStatus().getConditions() != null // not set yet right after the create
        && c.getStatus().getConditions().stream()
            .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True"));
  }
}
