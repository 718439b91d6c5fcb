package io.costcred.operator.store;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Kubernetes Secret in the CostCredential's namespace. Created with an owner reference when
 * missing, adopted when it exists; only the mapped keys are written, every other key is preserved.
 */
public final class KubernetesSecretStore implements CredentialStore {
  private static final String MEMORY = "store";
  private final KubernetesClient client;
  private final HasMetadata owner;
  private final String name;
  private final List<KeyMapping> keys;
  private final Map<String, String> labels;
  private final boolean ownedByCredential;
  private final SecretMemory memory;

  /**
   * @param ownedByCredential set an owner reference on a Secret this store creates, so that
   *     Kubernetes deletes it with the CostCredential (deletionPolicy Delete)
   */
  public KubernetesSecretStore(
      KubernetesClient client,
      HasMetadata owner,
      String name,
      List<KeyMapping> keys,
      Map<String, String> labels,
      boolean ownedByCredential) {
    this(client, owner, name, keys, labels, ownedByCredential, SecretMemory.NONE);
  }

  /**
   * @param memory remembers, per resourceVersion of the Secret, the fingerprint of what it served
   *     (never the value), so that a drift check of an unchanged Secret reads nothing
   */
  public KubernetesSecretStore(
      KubernetesClient client,
      HasMetadata owner,
      String name,
      List<KeyMapping> keys,
      Map<String, String> labels,
      boolean ownedByCredential,
      SecretMemory memory) {
    this.memory = memory;
    this.client = client;
    this.ownedByCredential = ownedByCredential;
    this.owner = owner;
    this.name = name;
    this.keys = keys;
    this.labels = labels == null ? Map.of() : labels;
  }

  @Override
  public String id() {
    return "kubernetesSecret/" + name;
  }

  @Override
  public String publish(String rotationId, Credential credential, String fingerprint) {
    forgetServed(); // the next drift check reads what this write left
    try {
      Secret existing = get();
      if (existing == null) {
        return create(credential).getMetadata().getResourceVersion();
      }
      Map<String, String> data =
          new HashMap<>(Optional.ofNullable(existing.getData()).orElse(Map.of()));
      boolean changed = false;
      for (KeyMapping k : keys) {
        String encoded = encode(credential.field(field(k)));
        changed |= !encoded.equals(data.put(k.getKey(), encoded));
      }
      Map<String, String> currentLabels =
          Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
      boolean labelsChanged = !currentLabels.entrySet().containsAll(labels.entrySet());
      if (!changed && !labelsChanged) {
        return existing.getMetadata().getResourceVersion();
      }
      existing.setData(data);
      existing.setStringData(null);
      Map<String, String> merged = new LinkedHashMap<>(currentLabels);
      merged.putAll(labels);
      existing.getMetadata().setLabels(merged);
      return client
          .secrets()
          .inNamespace(ns())
          .resource(existing)
          .update()
          .getMetadata()
          .getResourceVersion();
    } catch (KubernetesClientException e) {
      throw failure(e);
    }
  }

  @Override
  public Optional<Credential> read() {
    return served(get());
  }

  @Override
  public boolean serves(String fingerprint, Function<Credential, String> fingerprints) {
    String uid = owner.getMetadata().getUid();
    Optional<String> known = memory.recall(uid, MEMORY, ns(), name, String.class);
    if (known.isPresent()) {
      return known.get().equals(fingerprint);
    }
    Secret s = get();
    String served = served(s).map(fingerprints).orElse("");
    memory.remember(uid, MEMORY, s, served);
    return served.equals(fingerprint);
  }

  private void forgetServed() {
    memory.drop(owner.getMetadata().getUid(), MEMORY, ns(), name);
  }

  private Optional<Credential> served(Secret s) {
    if (s == null || s.getData() == null) {
      return Optional.empty();
    }
    Map<String, SecretValue> fields = new HashMap<>();
    for (KeyMapping k : keys) {
      String v = s.getData().get(k.getKey());
      if (v == null) {
        return Optional.empty();
      }
      SecretValue value = SecretValue.of(decode(v));
      SecretValue previous = fields.putIfAbsent(field(k), value);
      if (previous != null && !previous.sameAs(value)) {
        // Two keys mapped to one field disagree: the store does not serve one credential.
        return Optional.of(new Credential(Map.of(field(k), SecretValue.of(""))));
      }
    }
    return Optional.of(new Credential(fields));
  }

  @Override
  public void remove() {
    forgetServed();
    Secret s = get();
    if (s == null) {
      return;
    }
    Map<String, String> found = Optional.ofNullable(s.getMetadata().getLabels()).orElse(Map.of());
    boolean ownedByUs =
        owner.getMetadata().getName().equals(found.get(Annotations.CREDENTIAL_LABEL));
    Map<String, String> data = new HashMap<>(Optional.ofNullable(s.getData()).orElse(Map.of()));
    keys.forEach(k -> data.remove(k.getKey()));
    if (ownedByUs && data.isEmpty()) {
      client.secrets().inNamespace(ns()).resource(s).delete();
      return;
    }
    s.setData(data);
    client.secrets().inNamespace(ns()).resource(s).update();
  }

  private Secret create(Credential credential) {
    Map<String, String> data = new HashMap<>();
    for (KeyMapping k : keys) {
      data.put(k.getKey(), encode(credential.field(field(k))));
    }
    Map<String, String> allLabels = new LinkedHashMap<>(labels);
    allLabels.put(Annotations.CREDENTIAL_LABEL, owner.getMetadata().getName());
    Secret secret =
        new SecretBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(name)
                    .withNamespace(ns())
                    .withLabels(allLabels)
                    .withOwnerReferences(ownedByCredential ? List.of(ownerRef(owner)) : List.of())
                    .build())
            .withType("Opaque")
            .withData(data)
            .build();
    return client.secrets().inNamespace(ns()).resource(secret).create();
  }

  private Secret get() {
    return client.secrets().inNamespace(ns()).withName(name).get();
  }

  private String ns() {
    return owner.getMetadata().getNamespace();
  }

  private static String field(KeyMapping k) {
    return k.getField() == null ? Credential.TOKEN : k.getField();
  }

  static OwnerReference ownerRef(HasMetadata owner) {
    OwnerReference ref = new OwnerReference();
    ref.setApiVersion(owner.getApiVersion());
    ref.setKind(owner.getKind());
    ref.setName(owner.getMetadata().getName());
    ref.setUid(owner.getMetadata().getUid());
    ref.setBlockOwnerDeletion(false);
    ref.setController(false);
    return ref;
  }

  static String encode(SecretValue v) {
    return Base64.getEncoder().encodeToString(v.bytes());
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private TransientException failure(KubernetesClientException e) {
    return new TransientException(
        Reasons.STORE_FAILED, id() + ": Kubernetes API answered " + e.getCode(), null, null);
  }
}
