package io.costcred.operator.store;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The operator's own Secret ({@code <name>-costcred-tokens}, owned by the CostCredential) that
 * holds token values the state machine must not lose: the current token, the pending one of the
 * rotation in progress, and retired ones until their revocation is verified. Every change is one
 * optimistic-locked update, so a crash leaves either the old or the new content.
 *
 * <p>It also holds the facts destructive steps act on, because tenants ({@code costcred-edit},
 * {@code costcred-emergency-rotator}) cannot write Secrets while they can patch the status: which
 * keys existed before a rotation first minted ({@link #mintIntent}) and which keys the operator
 * deactivated ({@link #deactivated}).
 */
public final class TokenLedger implements Ledger {
  private static final String CURRENT = "current";
  private static final String PENDING = "pending";
  private static final String RETIRED = "retired.";

  /** Annotation: the last rotation's intent to mint and the key ids that existed before it. */
  static final String MINT_INTENT = "costcred.io/mint-intent";

  /** Annotation: key ids the operator deactivated, with when ({@code id@time,...}). */
  static final String DEACTIVATED = "costcred.io/deactivated-keys";

  private static final String MEMORY = "ledger";
  private final KubernetesClient client;
  private final HasMetadata owner;
  private final SecretMemory memory;

  /**
   * The Secret as last read or written by this instance. A TokenLedger lives for one reconcile, and
   * only that reconcile writes the ledger, so the steps after the first read reuse it instead of
   * reading it again. Every write still carries its resourceVersion: a concurrent writer gets a
   * conflict, after which the cache is dropped.
   */
  private Secret known;

  public TokenLedger(KubernetesClient client, HasMetadata owner) {
    this(client, owner, SecretMemory.NONE);
  }

  /**
   * @param memory the content last read or written, kept across reconciles and served while the
   *     Secret informer shows the same uid and resourceVersion (an idle re-verification reads no
   *     Secret); writes still carry the resourceVersion, so a stale copy can never overwrite
   */
  public TokenLedger(KubernetesClient client, HasMetadata owner, SecretMemory memory) {
    this.client = client;
    this.owner = owner;
    this.memory = memory;
  }

  public static String secretName(String credentialName) {
    return credentialName + "-costcred-tokens";
  }

  /** The pending token of a rotation, with the pool key or handle it came from. */
  public record Pending(String rotationId, String source, Credential credential) {}

  /**
   * A rotation's intent to mint, recorded before the provider's create call.
   *
   * @param rotationId the rotation
   * @param recordedAt when the operator recorded it (its own clock)
   * @param existingKeyIds the key ids that existed at that moment
   */
  public record MintIntent(String rotationId, Instant recordedAt, Set<String> existingKeyIds) {
    public MintIntent {
      existingKeyIds = Set.copyOf(existingKeyIds);
    }
  }

  @Override
  public Optional<Credential> current() {
    return slot(load(), CURRENT);
  }

  @Override
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

  @Override
  public Optional<Credential> retired(String rotationId) {
    return slot(load(), RETIRED + rotationId);
  }

  /** Stores the new token before anything else can fail. */
  @Override
  public void writePending(String rotationId, String source, Credential credential) {
    change(
        s -> {
          clear(s, PENDING);
          put(s, PENDING, credential);
          s.getMetadata().getAnnotations().put(Annotations.PENDING_ROTATION, rotationId);
          s.getMetadata().getAnnotations().put(Annotations.PENDING_SOURCE, source);
        });
  }

  @Override
  public void dropPending() {
    change(
        s -> {
          clear(s, PENDING);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_ROTATION);
          s.getMetadata().getAnnotations().remove(Annotations.PENDING_SOURCE);
        });
  }

  /** Adopts a token found in a store as the current one. */
  @Override
  public void adoptCurrent(Credential credential) {
    change(s -> put(s, CURRENT, credential));
  }

  /** Keeps a token until its revocation is verified. */
  @Override
  public void retire(String rotationId, Credential credential) {
    change(s -> put(s, RETIRED + rotationId, credential));
  }

  @Override
  public void dropRetired(String rotationId) {
    change(s -> clear(s, RETIRED + rotationId));
  }

  /**
   * The rotation completed: the old current is retired under the rotation id, pending is current.
   */
  @Override
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

  /** The last recorded intent to mint, or empty (also when the record cannot be read). */
  @Override
  public Optional<MintIntent> mintIntent() {
    String v = load().getMetadata().getAnnotations().get(MINT_INTENT);
    if (v == null) {
      return Optional.empty();
    }
    String[] parts = v.split(" ", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      Set<String> ids = new TreeSet<>();
      for (String id : parts[2].split(",")) {
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
      return Optional.of(new MintIntent(parts[0], Instant.parse(parts[1]), ids));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Records a rotation's intent to mint; replaces the intent of any earlier rotation. */
  @Override
  public void recordMintIntent(MintIntent intent) {
    String v =
        intent.rotationId()
            + " "
            + intent.recordedAt()
            + " "
            + String.join(",", new TreeSet<>(intent.existingKeyIds()));
    change(s -> s.getMetadata().getAnnotations().put(MINT_INTENT, v));
  }

  /** Key ids the operator deactivated and has not deleted yet, with when they were deactivated. */
  @Override
  public Map<String, Instant> deactivated() {
    return deactivatedOf(load());
  }

  private static Map<String, Instant> deactivatedOf(Secret s) {
    String v = s.getMetadata().getAnnotations().get(DEACTIVATED);
    Map<String, Instant> out = new TreeMap<>();
    if (v == null || v.isEmpty()) {
      return out;
    }
    for (String e : v.split(",")) {
      int at = e.lastIndexOf('@');
      if (at <= 0) {
        continue;
      }
      try {
        out.put(e.substring(0, at), Instant.parse(e.substring(at + 1)));
      } catch (DateTimeParseException ignored) {
        // Written by this class only: a damaged entry protects its key (it is never deleted).
      }
    }
    return out;
  }

  /** Records that the operator deactivated a key; the first record of a key stands. */
  @Override
  public void recordDeactivated(String keyId, Instant at) {
    changeDeactivated(m -> m.putIfAbsent(keyId, at.truncatedTo(ChronoUnit.SECONDS)));
  }

  /** The key is deleted (or no longer the operator's to delete). */
  @Override
  public void forgetDeactivated(String keyId) {
    changeDeactivated(m -> m.remove(keyId));
  }

  /** Edits the record in the same optimistic-locked update that writes it back. */
  private void changeDeactivated(Consumer<Map<String, Instant>> edit) {
    change(
        s -> {
          Map<String, Instant> m = deactivatedOf(s);
          edit.accept(m);
          if (m.isEmpty()) {
            s.getMetadata().getAnnotations().remove(DEACTIVATED);
          } else {
            s.getMetadata()
                .getAnnotations()
                .put(
                    DEACTIVATED,
                    String.join(
                        ",",
                        m.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue()).toList()));
          }
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
      remember(known);
    } catch (KubernetesClientException e) {
      known = null;
      memory.drop(uid(), MEMORY, ns(), name()); // a conflict: someone else changed it
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
      s =
          memory
              .recall(uid(), MEMORY, ns(), name(), KeptSecret.class)
              .map(k -> k.secret(usual()))
              .orElse(null);
      if (s == null) {
        s = client.secrets().inNamespace(ns()).withName(name()).get();
        remember(s);
      }
      known = s == null ? null : copy(s);
    }
    if (s == null) {
      s = usual();
    }
    if (s.getData() == null) {
      s.setData(new HashMap<>());
    }
    if (s.getMetadata().getAnnotations() == null) {
      s.getMetadata().setAnnotations(new HashMap<>());
    }
    return s;
  }

  /** The ledger as the operator creates it, without data: what most ledgers still are. */
  private Secret usual() {
    return new SecretBuilder()
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

  /** Kept without managedFields (an update without them keeps the server's). */
  private void remember(Secret s) {
    if (s == null) {
      memory.drop(uid(), MEMORY, ns(), name());
      return;
    }
    memory.remember(uid(), MEMORY, s, KeptSecret.of(s, usual()));
  }

  private static Secret copy(Secret s) {
    return new SecretBuilder(s).build();
  }

  private String uid() {
    return owner.getMetadata().getUid();
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
