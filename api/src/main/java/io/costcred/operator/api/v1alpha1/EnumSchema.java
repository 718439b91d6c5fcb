package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;

/**
 * CRD generator customizer: a closed set of values for a String property the Java class keeps as a
 * String. Input {@code "field=a,b,c"} constrains {@code field}; {@code "field[]=a,b"} constrains
 * the items of a list. Build time only; the other keywords of the property are kept.
 */
public class EnumSchema implements SchemaCustomizer.Customizer {
  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    String[] parts = input.split("=", 2);
    boolean items = parts[0].endsWith("[]");
    String name = items ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
    JSONSchemaProps property = schema.getProperties().get(name);
    if (property == null || parts.length != 2) {
      throw new IllegalArgumentException("EnumSchema: no property " + name + " for " + input);
    }
    JSONSchemaProps target = items ? property.getItems().getSchema() : property;
    List<String> values = Arrays.asList(parts[1].split(","));
    target.setEnum(values.stream().<JsonNode>map(TextNode::new).toList());
    return schema;
  }
}
