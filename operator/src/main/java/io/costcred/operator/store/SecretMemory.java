package io.costcred.operator.store;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator learnt from a Secret it read or wrote, per CostCredential, served again only
 * while the Secret informer reports the very same uid and resourceVersion: an edit by anyone else,
 * or a Secret deleted and created again under the same name, makes the next read an API request.
 * Entries go with their CostCredential ({@link #forget}); a credential keeps at most {@value
 * #PER_CREDENTIAL}. What is kept is chosen by the caller: the ledger's content, a store's
 * fingerprint and a pool's counts, never a store's or a pool's values.
 */
public final class SecretMemory {
  /** Remembers nothing (no Secret informer): every read is a GET, as before. */
  public static final SecretMemory NONE = new SecretMemory(SecretVersions.NONE);

  static final int PER_CREDENTIAL = 16;
  private final SecretVersions versions;
  private final Map<String, Map<String, Entry>> byCredential = new ConcurrentHashMap<>();

  private record Entry(String uid, String resourceVersion, Object value) {}

  public SecretMemory(SecretVersions versions) {
    this.versions = versions;
  }

  /**
   * What was remembered of the Secret for this credential and purpose, when the informer shows the
   * same uid and resourceVersion; empty otherwise (then read the Secret).
   */
  public <T> Optional<T> recall(
      String credentialUid, String purpose, String namespace, String name, Class<T> type) {
    Map<String, Entry> mine = credentialUid == null ? null : byCredential.get(credentialUid);
    Entry e = mine == null ? null : mine.get(key(purpose, namespace, name));
    if (e == null || !type.isInstance(e.value())) {
      return Optional.empty();
    }
    Optional<SecretVersions.Seen> seen = versions.current(namespace, name);
    if (seen.isEmpty()
        || !e.uid().equals(seen.get().uid())
        || !e.resourceVersion().equals(seen.get().resourceVersion())) {
      return Optional.empty();
    }
    return Optional.of(type.cast(e.value()));
  }

  /** Remembers {@code value} for the Secret as read or written (its uid and resourceVersion). */
  public void remember(String credentialUid, String purpose, Secret secret, Object value) {
    if (versions == SecretVersions.NONE
        || credentialUid == null
        || secret == null
        || secret.getMetadata() == null
        || secret.getMetadata().getUid() == null
        || secret.getMetadata().getResourceVersion() == null) {
      return;
    }
    Map<String, Entry> mine =
        byCredential.computeIfAbsent(credentialUid, u -> new ConcurrentHashMap<>());
    String key = key(purpose, secret.getMetadata().getNamespace(), secret.getMetadata().getName());
    if (mine.size() >= PER_CREDENTIAL && !mine.containsKey(key)) {
      mine.clear(); // stores renamed many times: start over rather than grow
    }
    mine.put(
        key,
        new Entry(secret.getMetadata().getUid(), secret.getMetadata().getResourceVersion(), value));
  }

  /** Forgets one Secret (a write failed, or the caller cannot tell what it now holds). */
  public void drop(String credentialUid, String purpose, String namespace, String name) {
    Map<String, Entry> mine = credentialUid == null ? null : byCredential.get(credentialUid);
    if (mine != null) {
      mine.remove(key(purpose, namespace, name));
    }
  }

  /** The CostCredential was deleted. */
  public void forget(String credentialUid) {
    byCredential.remove(credentialUid);
  }

  /** How many Secrets are remembered, over all credentials. */
  public int size() {
    return byCredential.values().stream().mapToInt(Map::size).sum();
  }

  private static String key(String purpose, String namespace, String name) {
    return purpose + ":" + namespace + "/" + name;
  }
}
