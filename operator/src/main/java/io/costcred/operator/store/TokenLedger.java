package io.costcred.operator.store;

import io.costcred.operator.core.Annotations;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Reasons;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's own Secret ({@code <name>-costcred-tokens}, owned by the CostCredential) that
 * holds token values the state machine must not lose: the current token, the pending one of the
 * rotation in progress, and retired ones until their revocation is verified. Every change is one
 * optimistic-locked update, so a crash leaves either the old or the new content.
 */
public final class TokenLedger {
  private static final String CURRENT = "current";
  private static final String PENDING = "pending";
  private static final String RETIRED = "retired.";
  private final KubernetesClient client;
  private final HasMetadata owner;

  /**
   * The Secret as last read or written by this instance. A TokenLedger lives for one reconcile, and
   * only that reconcile writes the ledger, so the steps after the first read reuse it instead of
   * reading it again. Every write still carries its resourceVersion: a concurrent writer gets a
   * conflict, after which the cache is dropped.
   */
  private Secret known;

  public TokenLedger(KubernetesClient client, HasMetadata owner) {
    this.client = client;
    this.owner = owner;
  }

  public static String secretName(String credentialName) {
    return credentialName + "-costcred-tokens";
  }

  /** The pending token of a rotation, with the pool key or handle it came from. */
  public record Pending(String rotationId, String source, Credential credential) {}

  public Optional<Credential> current() {
    return slot(load(), CURRENT);
  }

  public Optional<Pending> pending() {
    Secret s = load();
    Optional<Credential> c = slot(s, PENDING);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> a = s.getMetadata().getAnnotations();
    return Optional.of(
        new Pending(
            a.get(Annotations.PENDING_ROTATION), a.get(Annotations.PENDING_SOURCE), c.get()));
  }

  public Optional<Credential> retired(String rotationId) {
    return slot(load(), RETIRED + rotationId);
  }

  /** Stores the new token before anything else can fail. */
  public void writePending(String rotationId, String source, Credential credential) {
    change(
        s -> {
          clear(s, PENDING);
          put(s, PENDING, credential);
          s.getMetadata().getAnnotations().put(Annotations.PENDING_ROTATION, rotationId);
          s.getMetadata().getAnnotations().put(Annotations.PENDING_SOURCE, source);
        });
  }

  public void dropPending() {
    change(
        s -> {
          clear(s, PENDING);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_ROTATION);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_SOURCE);
        });
  }

  /** Adopts a token found in a store as the current one. */
  public void adoptCurrent(Credential credential) {
    change(s -> put(s, CURRENT, credential));
  }

  /** Keeps a token until its revocation is verified. */
  public void retire(String rotationId, Credential credential) {
    change(s -> put(s, RETIRED + rotationId, credential));
  }

  public void dropRetired(String rotationId) {
    change(s -> clear(s, RETIRED + rotationId));
  }

  /**
   * The rotation completed: the old current is retired under the rotation id, pending is current.
   */
  public void promote(String rotationId, boolean retireOld) {
    change(
        s -> {
          Optional<Credential> pending = slot(s, PENDING);
          if (pending.isEmpty()) {
            return; // already promoted
          }
          Optional<Credential> old = slot(s, CURRENT);
          if (retireOld && old.isPresent() && slot(s, RETIRED + rotationId).isEmpty()) {
            put(s, RETIRED + rotationId, old.get());
          }
          clear(s, CURRENT);
          put(s, CURRENT, pending.get());
          clear(s, PENDING);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_ROTATION);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_SOURCE);
        });
  }

  private void change(Consumer<Secret> mutation) {
    try {
      Secret s = load();
      boolean exists = s.getMetadata().getResourceVersion() != null;
      Map<String, String> before = new HashMap<>(s.getData());
      Map<String, String> annotationsBefore = new HashMap<>(s.getMetadata().getAnnotations());
      mutation.accept(s);
      if (exists
          && before.equals(s.getData())
          && annotationsBefore.equals(s.getMetadata().getAnnotations())) {
        return;
      }
      var op = client.secrets().inNamespace(ns()).resource(s);
      known = exists ? op.update() : op.create();
    } catch (KubernetesClientException e) {
      known = null;
      throw new TransientException(
          Reasons.STORE_FAILED,
          "ledger Secret: Kubernetes API answered " + e.getCode(),
          null,
          null);
    }
  }

  private Secret load() {
    Secret s = known == null ? null : new SecretBuilder(known).build();
    if (s == null) {
      s = client.secrets().inNamespace(ns()).withName(name()).get();
      known = s;
    }
    if (s == null) {
      s =
          new SecretBuilder()
              .withMetadata(
                  new ObjectMetaBuilder()
                      .withName(name())
                      .withNamespace(ns())
                      .addToLabels(Annotations.CREDENTIAL_LABEL, owner.getMetadata().getName())
                      .addToLabels(Annotations.ROLE_LABEL, "ledger")
                      .withOwnerReferences(KubernetesSecretStore.ownerRef(owner))
                      .build())
              .withType("Opaque")
              .build();
    }
    if (s.getData() == null) {
      s.setData(new HashMap<>());
    }
    if (s.getMetadata().getAnnotations() == null) {
      s.getMetadata().setAnnotations(new HashMap<>());
    }
    return s;
  }

  private static Optional<Credential> slot(Secret s, String slot) {
    Map<String, SecretValue> fields = new HashMap<>();
    String prefix = slot + ".";
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) -> {
                if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
                  fields.put(
                      k.substring(prefix.length()),
                      SecretValue.of(KubernetesSecretStore.decode(v)));
                }
              });
    }
    return fields.isEmpty() ? Optional.empty() : Optional.of(new Credential(fields));
  }

  private static void put(Secret s, String slot, Credential c) {
    c.fields().forEach((f, v) -> s.getData().put(slot + "." + f, KubernetesSecretStore.encode(v)));
  }

  private static void clear(Secret s, String slot) {
    String prefix = slot + ".";
    s.getData().keySet().removeIf(k -> k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0);
  }

  private String name() {
    return secretName(owner.getMetadata().getName());
  }

  private String ns() {
    return owner.getMetadata().getNamespace();
  }
}
