package io.costcred.operator.store;

import io.costcred.operator.core.CompactIds;
import io.costcred.operator.core.IdStamp;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ledger Secret kept between reconciles: every field an update sends back. What the operator
 * itself gives every ledger (name, namespace, labels, owner reference, type: the {@code usual}
 * Secret the caller passes) is not kept when the Secret still has exactly that; only its data,
 * annotations, uid and resourceVersion are, the ids packed ({@link IdStamp}). A ledger someone
 * changed (another label, a finalizer, a second owner) keeps its metadata whole ({@link Whole}).
 * Not kept either way: creationTimestamp, which the API server keeps on every update whatever is
 * sent. {@link #secret} builds a fresh, mutable Secret each time, so a caller's changes never reach
 * what is kept. Data and annotation key names are shared instances; data values never are.
 */
final class KeptSecret extends IdStamp {
  private final Map<String, String> data;
  private final Map<String, String> annotations;

  /** Null when the metadata is the usual one. */
  private final Whole whole;

  private KeptSecret(
      Object uid,
      Object resourceVersion,
      Map<String, String> data,
      Map<String, String> annotations,
      Whole whole) {
    super(uid, resourceVersion);
    this.data = data;
    this.annotations = annotations;
    this.whole = whole;
  }

  /** {@code usual}: the ledger as the operator creates it for this credential, without data. */
  static KeptSecret of(Secret s, Secret usual) {
    var m = s.getMetadata();
    return new KeptSecret(
        CompactIds.uid(m.getUid()),
        CompactIds.version(m.getResourceVersion()),
        copy(s.getData(), false),
        copy(m.getAnnotations(), false),
        isUsual(s, usual) ? null : Whole.of(s));
  }

  /** The Secret again; {@code usual} as given to {@link #of}, which it may become. */
  Secret secret(Secret usual) {
    Secret s = whole == null ? usual : whole.secret();
    s.getMetadata().setUid(CompactIds.text(uid()));
    s.getMetadata().setResourceVersion(CompactIds.text(resourceVersion()));
    s.getMetadata().setAnnotations(new HashMap<>(annotations));
    s.setData(new HashMap<>(data));
    return s;
  }

  /** True when the metadata is kept whole (the Secret is not as the operator creates it). */
  boolean keptWhole() {
    return whole != null;
  }

  /** Names and key names only: the data are token values and never reach a log or an exception. */
  @Override
  public String toString() {
    return "KeptSecret["
        + (whole == null ? "usual" : whole.namespace() + "/" + whole.name())
        + "@"
        + resourceVersion()
        + ", keys "
        + data.keySet()
        + "]";
  }

  private static boolean isUsual(Secret s, Secret usual) {
    ObjectMeta m = s.getMetadata();
    ObjectMeta u = usual.getMetadata();
    return Objects.equals(m.getName(), u.getName())
        && Objects.equals(m.getNamespace(), u.getNamespace())
        && Objects.equals(orEmpty(m.getLabels()), orEmpty(u.getLabels()))
        && (m.getFinalizers() == null || m.getFinalizers().isEmpty())
        && Objects.equals(m.getOwnerReferences(), u.getOwnerReferences())
        && Objects.equals(s.getType(), usual.getType())
        && s.getImmutable() == null;
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
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

  /** The shared instance of a value few in a cluster (a type, a kind, an apiVersion), or null. */
  private static String shared(String s) {
    return s == null ? null : s.intern();
  }

  /** The metadata of a ledger that is not as the operator creates it, besides data and ids. */
  private record Whole(
      String name,
      String namespace,
      Map<String, String> labels,
      List<String> finalizers,
      List<Owner> owners,
      String type,
      Boolean immutable) {
    static Whole of(Secret s) {
      var m = s.getMetadata();
      return new Whole(
          m.getName(),
          m.getNamespace(),
          copy(m.getLabels(), true),
          m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()),
          m.getOwnerReferences() == null
              ? List.of()
              : m.getOwnerReferences().stream().map(Owner::of).toList(),
          shared(s.getType()),
          s.getImmutable());
    }

    Secret secret() {
      return new SecretBuilder()
          .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .withLabels(new HashMap<>(labels))
          .withFinalizers(new ArrayList<>(finalizers))
          .withOwnerReferences(owners.stream().map(Owner::reference).toList())
          .endMetadata()
          .withType(type)
          .withImmutable(immutable)
          .build();
    }
  }

  /**
   * An owner reference as a record (a model object carries its own map of additional properties); a
   * fresh model object is built for each {@link #secret}.
   */
  private record Owner(
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
          o.getName(),
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
