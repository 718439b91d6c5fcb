package io.costcred.operator.store;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Secret kept between reconciles as one record: every field an update sends back (labels,
 * annotations, finalizers, owners, type, immutable, data), in immutable collections, instead of a
 * model object with its builders' empty maps and lists (about half the bytes). {@link #secret}
 * builds a fresh, mutable Secret each time, so a caller's changes never reach what is kept.
 */
record KeptSecret(
    String name,
    String namespace,
    String uid,
    String resourceVersion,
    String creationTimestamp,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> finalizers,
    List<OwnerReference> owners,
    String type,
    Boolean immutable,
    Map<String, String> data) {

  static KeptSecret of(Secret s) {
    var m = s.getMetadata();
    return new KeptSecret(
        m.getName(),
        m.getNamespace(),
        m.getUid(),
        m.getResourceVersion(),
        m.getCreationTimestamp(),
        copy(m.getLabels()),
        copy(m.getAnnotations()),
        m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()),
        m.getOwnerReferences() == null ? List.of() : owners(m.getOwnerReferences()),
        s.getType(),
        s.getImmutable(),
        copy(s.getData()));
  }

  Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withUid(uid)
        .withResourceVersion(resourceVersion)
        .withCreationTimestamp(creationTimestamp)
        .withLabels(new HashMap<>(labels))
        .withAnnotations(new HashMap<>(annotations))
        .withFinalizers(new ArrayList<>(finalizers))
        .withOwnerReferences(owners(owners))
        .endMetadata()
        .withType(type)
        .withImmutable(immutable)
        .withData(new HashMap<>(data))
        .build();
  }

  /** Names and key names only: the data are token values and never reach a log or an exception. */
  @Override
  public String toString() {
    return "KeptSecret["
        + namespace
        + "/"
        + name
        + "@"
        + resourceVersion
        + ", keys "
        + data.keySet()
        + "]";
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return m == null ? Map.of() : Map.copyOf(m);
  }

  /** Owner references are mutable model objects: copied in and out. */
  private static List<OwnerReference> owners(List<OwnerReference> refs) {
    return refs.stream().map(o -> new OwnerReferenceBuilder(o).build()).toList();
  }
}
