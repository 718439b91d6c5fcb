package io.costcred.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.aws.AwsIamAccessKeyProvider;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The polish of every committed CRD (issue 13, item 6): each field described, conditions a map list
 * keyed by type, the costcred category, printer columns, closed sets as enums, and crds/ current
 * for all four kinds.
 */
class CrdSchemaTest {
  private static final Path CRDS = Path.of("../crds");
  private static final String READY = ".status.conditions[?(@.type==\"Ready\")].";

  @Test
  void everyPropertyOfEveryCrdHasADescription() throws Exception {
    List<String> missing = new ArrayList<>();
    Map<String, CustomResourceDefinition> crds = crds();
    assertThat(crds).hasSize(4);
    crds.forEach(
        (kind, crd) -> {
          for (var v : crd.getSpec().getVersions()) {
            undescribed(kind, v.getSchema().getOpenAPIV3Schema(), missing);
          }
        });
    assertThat(missing).as("properties without a description").isEmpty();
  }

  @Test
  void everyConditionsListIsAMapKeyedByARequiredType() throws Exception {
    for (String kind : List.of("CostCredential", "ClusterRotationPolicy")) {
      JSONSchemaProps conditions =
          version(kind)
              .getSchema()
              .getOpenAPIV3Schema()
              .getProperties()
              .get("status")
              .getProperties()
              .get("conditions");
      assertThat(conditions.getXKubernetesListType()).as(kind).isEqualTo("map");
      assertThat(conditions.getXKubernetesListMapKeys()).as(kind).containsExactly("type");
      assertThat(conditions.getItems().getSchema().getRequired()).as(kind).contains("type");
    }
  }

  @Test
  void everyKindIsInTheCostcredCategoryAndNotInAll() throws Exception {
    crds()
        .forEach(
            (kind, crd) ->
                assertThat(crd.getSpec().getNames().getCategories())
                    .as(kind)
                    .containsExactly("costcred"));
  }

  @Test
  void costCredentialShowsTheReadyReasonAndMessageInWideOutput() throws Exception {
    Map<String, CustomResourceColumnDefinition> columns = columns("CostCredential");
    assertThat(columns).containsKeys("Ready", "Provider", "Last Rotated", "Next Rotation", "Age");
    assertThat(columns.get("Reason").getJsonPath()).isEqualTo(READY + "reason");
    assertThat(columns.get("Message").getJsonPath()).isEqualTo(READY + "message");
    assertThat(columns.get("Reason").getPriority()).isEqualTo(1);
    assertThat(columns.get("Message").getPriority()).isEqualTo(1);
    assertThat(columns.get("Ready").getPriority()).isZero();
  }

  @Test
  void clusterRotationPolicyHasAStatusSubresourceAndColumns() throws Exception {
    CustomResourceDefinitionVersion v = version("ClusterRotationPolicy");
    assertThat(v.getSubresources().getStatus()).isNotNull();
    Map<String, CustomResourceColumnDefinition> columns = columns("ClusterRotationPolicy");
    assertThat(columns)
        .containsOnlyKeys(
            "Ready", "Priority", "Namespaces", "Credentials", "Reason", "Message", "Age");
    assertThat(columns.get("Credentials").getJsonPath()).isEqualTo(".status.governedCredentials");
    assertThat(columns.get("Namespaces").getJsonPath()).isEqualTo(".status.selectedNamespaces");
    Map<String, JSONSchemaProps> status =
        v.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties();
    assertThat(status)
        .containsKeys(
            "observedGeneration", "conditions", "governedCredentials", "selectedNamespaces");
  }

  @Test
  void closedSetsAreEnums() throws Exception {
    JSONSchemaProps policy = spec("ClusterRotationPolicy");
    assertThat(values(policy.getProperties().get("allowedStores").getItems().getSchema()))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(StoreSpec.Kind.values()).map(StoreSpec.Kind::field).toList());
    List<String> fields =
        List.of(
            Credential.TOKEN,
            AwsIamAccessKeyProvider.ACCESS_KEY_ID,
            AwsIamAccessKeyProvider.SECRET_ACCESS_KEY);
    JSONSchemaProps stores =
        spec("CostCredential").getProperties().get("stores").getItems().getSchema();
    for (String store : List.of("kubernetesSecret", "vault", "awsSecretsManager")) {
      JSONSchemaProps key =
          stores.getProperties().get(store).getProperties().get("keys").getItems().getSchema();
      assertThat(values(key.getProperties().get("field"))).as(store).isEqualTo(fields);
    }
    assertThat(
            values(
                stores.getProperties().get("awsSecretsManager").getProperties().get("plainField")))
        .isEqualTo(fields);
    assertThat(values(policy.getProperties().get("defaults").getProperties().get("preset")))
        .containsExactlyInAnyOrder("production", "staging", "development");
    assertThat(values(spec("CostCredential").getProperties().get("deletionPolicy")))
        .containsExactlyInAnyOrder("Retain", "Delete");
  }

  @Test
  void allFourCrdsAreCurrentInCrds() throws Exception {
    // The chart's templates/crds/ copies are checked by platform/ChartCopiesTest.
    for (String file : files().map(p -> p.getFileName().toString()).toList()) {
      assertThat(Files.readString(CRDS.resolve(file)))
          .as("crds/%s is stale: run `make crds`", file)
          .isEqualTo(Files.readString(Path.of("../api/target/classes/META-INF/fabric8", file)));
    }
  }

  /** Every property under {@code s} (objects, list items, map values) without a description. */
  private static void undescribed(String path, JSONSchemaProps s, List<String> out) {
    if (s == null) {
      return;
    }
    if (s.getProperties() != null) {
      s.getProperties()
          .forEach(
              (name, p) -> {
                if (p.getDescription() == null || p.getDescription().isBlank()) {
                  out.add(path + "." + name);
                }
                undescribed(path + "." + name, p, out);
              });
    }
    if (s.getItems() != null) {
      undescribed(path + "[]", s.getItems().getSchema(), out);
    }
    if (s.getAdditionalProperties() != null) {
      undescribed(path + "{}", s.getAdditionalProperties().getSchema(), out);
    }
  }

  private static List<String> values(JSONSchemaProps s) {
    assertThat(s.getEnum()).as("enum").isNotNull();
    return s.getEnum().stream().map(n -> n.asText()).toList();
  }

  private static JSONSchemaProps spec(String kind) throws Exception {
    return version(kind).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static Map<String, CustomResourceColumnDefinition> columns(String kind) throws Exception {
    Map<String, CustomResourceColumnDefinition> out = new LinkedHashMap<>();
    version(kind).getAdditionalPrinterColumns().forEach(c -> out.put(c.getName(), c));
    return out;
  }

  private static CustomResourceDefinitionVersion version(String kind) throws Exception {
    CustomResourceDefinition crd = Objects.requireNonNull(crds().get(kind), kind);
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    return crd.getSpec().getVersions().get(0);
  }

  private static Map<String, CustomResourceDefinition> crds() throws Exception {
    Map<String, CustomResourceDefinition> out = new LinkedHashMap<>();
    for (Path file : files().toList()) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        out.put(crd.getSpec().getNames().getKind(), crd);
      }
    }
    return out;
  }

  private static Stream<Path> files() throws Exception {
    try (var list = Files.list(CRDS)) {
      return list.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }
}
