package io.costcred.operator.store;

import io.costcred.operator.core.CompactIds;
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
 * model object with its builders' empty maps and lists (about half the bytes). Not its
 * creationTimestamp: the API server keeps its own on every update, whatever is sent. {@link
 * #secret} builds a fresh, mutable Secret each time, so a caller's changes never reach what is
 * kept. Owners' apiVersion, kind and name, label and data key names and label values are shared
 * instances (the owner's name is also the credential label's value: one String); the client's
 * reader already shares the namespace; uid and resourceVersion are kept in their {@link CompactIds}
 * forms.
 */
record KeptSecret(
    String name,
    String namespace,
    Object uid,
    Object resourceVersion,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> finalizers,
    List<Owner> owners,
    String type,
    Boolean immutable,
    Map<String, String> data) {

  static KeptSecret of(Secret s) {
    var m = s.getMetadata();
    return new KeptSecret(
        m.getName(),
        m.getNamespace(),
        CompactIds.uid(m.getUid()),
        CompactIds.version(m.getResourceVersion()),
        copy(m.getLabels(), true),
        copy(m.getAnnotations(), false),
        m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()),
        m.getOwnerReferences() == null
            ? List.of()
            : m.getOwnerReferences().stream().map(Owner::of).toList(),
        shared(s.getType()),
        s.getImmutable(),
        copy(s.getData(), false));
  }

  Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withUid(CompactIds.text(uid))
        .withResourceVersion(CompactIds.text(resourceVersion))
        .withLabels(new HashMap<>(labels))
        .withAnnotations(new HashMap<>(annotations))
        .withFinalizers(new ArrayList<>(finalizers))
        .withOwnerReferences(owners.stream().map(Owner::reference).toList())
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

  /**
   * An immutable copy; the keys (few in a cluster: label and data key names) as shared instances,
   * and the values too for labels (the operator's own, few values) but never for data.
   */
  private static Map<String, String> copy(Map<String, String> m, boolean shareValues) {
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    Map<String, String> shared = new HashMap<>();
    m.forEach((k, v) -> shared.put(k.intern(), shareValues ? v.intern() : v));
    return Map.copyOf(shared);
  }

  /**
   * The shared instance of a value few in a cluster (a type, a kind, an apiVersion) or kept twice
   * (an owner's name, also a label's value), or null.
   */
  private static String shared(String s) {
    return s == null ? null : s.intern();
  }

  /**
   * An owner reference as a record (a model object carries its own map of additional properties); a
   * fresh model object is built for each {@link #secret}.
   */
  record Owner(
      String apiVersion,
      String kind,
      String name,
      Object uid,
      Boolean controller,
      Boolean blockOwnerDeletion) {
    static Owner of(OwnerReference o) {
      return new Owner(
          shared(o.getApiVersion()),
          shared(o.getKind()),
          shared(o.getName()),
          CompactIds.uid(o.getUid()),
          o.getController(),
          o.getBlockOwnerDeletion());
    }

    OwnerReference reference() {
      return new OwnerReferenceBuilder()
          .withApiVersion(apiVersion)
          .withKind(kind)
          .withName(name)
          .withUid(CompactIds.text(uid))
          .withController(controller)
          .withBlockOwnerDeletion(blockOwnerDeletion)
          .build();
    }
  }
}
