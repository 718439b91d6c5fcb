package io.costcred.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * CRD generator customizer for a kind without status ({@code Void}): the generator still emits an
 * empty {@code status} object, and this gives it the input as its description. Build time only.
 */
public class StatusSchema implements SchemaCustomizer.Customizer {
  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    JSONSchemaProps status = schema.getProperties().get("status");
    if (status != null) {
      status.setDescription(input);
    }
    return schema;
  }
}
