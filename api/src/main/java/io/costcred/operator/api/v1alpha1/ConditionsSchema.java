package io.costcred.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * CRD generator customizer for a status class with a {@code conditions} list: a map list keyed by
 * {@code type} (so server-side apply merges conditions by type), {@code type} and {@code status}
 * required, and a description on every field of the Kubernetes condition. Runs at build time only
 * ({@code @SchemaCustomizer(ConditionsSchema.class)} on the status class).
 */
public class ConditionsSchema implements SchemaCustomizer.Customizer {
  static final Map<String, String> FIELDS =
      Map.of(
          "type", "Condition type, e.g. Ready; one entry per type.",
          "status", "True, False or Unknown.",
          "reason", "Machine-readable CamelCase reason for the last transition.",
          "message", "Human-readable details of the last transition.",
          "lastTransitionTime", "When status last changed (RFC 3339).",
          "observedGeneration", "metadata.generation the condition was computed from.");

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    JSONSchemaProps conditions = schema.getProperties().get("conditions");
    if (conditions == null) {
      throw new IllegalStateException("ConditionsSchema on a class without a conditions field");
    }
    conditions.setDescription(input);
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    JSONSchemaProps item = conditions.getItems().getSchema();
    item.setRequired(List.of("status", "type"));
    item.getProperties().forEach((name, prop) -> prop.setDescription(FIELDS.get(name)));
    return schema;
  }
}
