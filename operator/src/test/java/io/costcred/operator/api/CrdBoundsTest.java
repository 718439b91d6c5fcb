package io.costcred.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Everything a user writes is bounded (design: tenant-isolation rule 10): every string has a
 * maxLength, every list a maxItems and every map a maxProperties, in spec and in the rotation
 * request users write to status. Reports every offender at once.
 */
class CrdBoundsTest {
  /** Parts of each CRD users write; the rest of status is written by the operator alone. */
  private static final List<String> USER_WRITTEN = List.of("spec", "status.requestedRotation");

  /**
   * String formats whose syntax bounds the length. An enum is bounded by its values and needs no
   * entry here.
   */
  private static final Set<String> BOUNDED_FORMATS = Set.of("date-time", "date", "int-or-string");

  @Test
  void everyUserWrittenStringListAndMapIsBounded() throws Exception {
    List<String> offenders = new ArrayList<>();
    List<Path> files;
    try (var list = Files.list(Path.of("../crds"))) {
      files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    int checked = 0;
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      }
      String kind = crd.getSpec().getNames().getKind();
      for (var version : crd.getSpec().getVersions()) {
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        for (String part : USER_WRITTEN) {
          JSONSchemaProps s = at(root, part);
          if (s != null) {
            checked++;
            walk(kind + "/" + version.getName() + ":" + part, s, offenders);
          }
        }
      }
    }
    assertThat(checked).as("schemas checked").isGreaterThanOrEqualTo(3);
    assertThat(offenders)
        .as(
            "user-written fields without a bound (add @Size(max = ..) to the API class, then"
                + " `make crds`)")
        .isEmpty();
  }

  /** The walk itself finds what it must: a bare string, list and map are reported. */
  @Test
  void walkReportsUnboundedStringsListsAndMaps() {
    JSONSchemaProps str = new JSONSchemaProps();
    str.setType("string");
    JSONSchemaProps list = new JSONSchemaProps();
    list.setType("array");
    list.setItems(new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray());
    list.getItems().setSchema(str);
    JSONSchemaProps map = new JSONSchemaProps();
    map.setType("object");
    map.setAdditionalProperties(
        new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool(null, str));
    JSONSchemaProps enumeration = new JSONSchemaProps();
    enumeration.setType("string");
    enumeration.setEnum(List.of(com.fasterxml.jackson.databind.node.TextNode.valueOf("A")));
    JSONSchemaProps root = new JSONSchemaProps();
    root.setType("object");
    root.setProperties(Map.of("s", str, "l", list, "m", map, "e", enumeration));
    List<String> offenders = new ArrayList<>();
    walk("x", root, offenders);
    assertThat(offenders)
        .containsExactlyInAnyOrder(
            "x.s: string without maxLength",
            "x.l: array without maxItems",
            "x.l[]: string without maxLength",
            "x.m: map without maxProperties",
            "x.m{}: string without maxLength");
  }

  private static JSONSchemaProps at(JSONSchemaProps root, String dotted) {
    JSONSchemaProps s = root;
    for (String p : dotted.split("\\.")) {
      if (s == null || s.getProperties() == null) {
        return null;
      }
      s = s.getProperties().get(p);
    }
    return s;
  }

  private static void walk(String path, JSONSchemaProps s, List<String> offenders) {
    String type = s.getType();
    if ("string".equals(type)) {
      boolean enumOnly = s.getEnum() != null && !s.getEnum().isEmpty();
      boolean formatted = s.getFormat() != null && BOUNDED_FORMATS.contains(s.getFormat());
      if (s.getMaxLength() == null && !enumOnly && !formatted) {
        offenders.add(path + ": string without maxLength");
      }
    } else if ("array".equals(type)) {
      if (s.getMaxItems() == null) {
        offenders.add(path + ": array without maxItems");
      }
      if (s.getItems() != null && s.getItems().getSchema() != null) {
        walk(path + "[]", s.getItems().getSchema(), offenders);
      }
    } else if ("object".equals(type) || s.getProperties() != null) {
      if (s.getProperties() != null) {
        s.getProperties().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> walk(path + "." + e.getKey(), e.getValue(), offenders));
      }
      var extra = s.getAdditionalProperties();
      if (extra != null && extra.getSchema() != null) {
        if (s.getMaxProperties() == null) {
          offenders.add(path + ": map without maxProperties");
        }
        walk(path + "{}", extra.getSchema(), offenders);
      }
      if (Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields())) {
        offenders.add(path + ": free-form object (x-kubernetes-preserve-unknown-fields)");
      }
    }
  }
}
