package io.costcred.operator.store;

import io.costcred.operator.core.CompactIds;
import io.costcred.operator.core.IdStamp;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
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
  private static final Entry[] EMPTY = new Entry[0];
  private final SecretVersions versions;

  /**
   * Per credential uid (in its {@link CompactIds} form), its entries as an immutable array,
   * replaced whole on each change: a credential remembers two or three Secrets, and a map of its
   * own with string keys cost about twice the bytes.
   */
  private final Map<Object, Entry[]> byCredential = new ConcurrentHashMap<>();

  /**
   * One remembered Secret: uid and resourceVersion packed ({@link IdStamp}); the namespace as read
   * (the client's reader shares it); of the name only its hash. A name is not needed to tell the
   * Secrets of one credential apart safely: what is served must also carry the uid the informer
   * shows for the name asked, and two Secrets never share a uid, so two names with the same hash at
   * worst replace each other's entry (one more GET). 64 bytes an entry instead of 152.
   */
  private static final class Entry extends IdStamp {
    private final String purpose;
    private final String namespace;
    private final int nameHash;
    private final Object value;

    Entry(String purpose, String namespace, String name, Object uid, Object version, Object value) {
      super(uid, version);
      this.purpose = purpose;
      this.namespace = namespace;
      this.nameHash = name.hashCode();
      this.value = value;
    }

    boolean is(String purpose, String namespace, String name) {
      return this.purpose.equals(purpose)
          && nameHash == name.hashCode()
          && Objects.equals(this.namespace, namespace);
    }
  }

  public SecretMemory(SecretVersions versions) {
    this.versions = versions;
  }

  /**
   * What was remembered of the Secret for this credential and purpose, when the informer shows the
   * same uid and resourceVersion; empty otherwise (then read the Secret).
   */
  public <T> Optional<T> recall(
      String credentialUid, String purpose, String namespace, String name, Class<T> type) {
    Entry e = find(entries(credentialUid), purpose, namespace, name);
    if (e == null || !type.isInstance(e.value)) {
      return Optional.empty();
    }
    Optional<SecretVersions.Seen> seen = versions.current(namespace, name);
    if (seen.isEmpty()
        || !e.is(
            CompactIds.uid(seen.get().uid()), CompactIds.version(seen.get().resourceVersion()))) {
      return Optional.empty();
    }
    return Optional.of(type.cast(e.value));
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
    var m = secret.getMetadata();
    Entry entry =
        new Entry(
            purpose,
            m.getNamespace(),
            m.getName(),
            CompactIds.uid(m.getUid()),
            CompactIds.version(m.getResourceVersion()),
            value);
    byCredential.compute(
        CompactIds.uid(credentialUid),
        (k, old) -> {
          Entry[] kept = without(old == null ? EMPTY : old, purpose, entry.namespace, m.getName());
          if (kept.length >= PER_CREDENTIAL) {
            kept = EMPTY; // stores renamed many times: start over rather than grow
          }
          Entry[] now = Arrays.copyOf(kept, kept.length + 1);
          now[kept.length] = entry;
          return now;
        });
  }

  /** Forgets one Secret (a write failed, or the caller cannot tell what it now holds). */
  public void drop(String credentialUid, String purpose, String namespace, String name) {
    if (credentialUid == null) {
      return;
    }
    byCredential.computeIfPresent(
        CompactIds.uid(credentialUid),
        (k, old) -> {
          Entry[] kept = without(old, purpose, namespace, name);
          return kept.length == 0 ? null : kept;
        });
  }

  /** The CostCredential was deleted. */
  public void forget(String credentialUid) {
    if (credentialUid != null) {
      byCredential.remove(CompactIds.uid(credentialUid));
    }
  }

  /** How many Secrets are remembered, over all credentials. */
  public int size() {
    return byCredential.values().stream().mapToInt(e -> e.length).sum();
  }

  private Entry[] entries(String credentialUid) {
    return credentialUid == null
        ? EMPTY
        : byCredential.getOrDefault(CompactIds.uid(credentialUid), EMPTY);
  }

  private static Entry find(Entry[] entries, String purpose, String namespace, String name) {
    for (Entry e : entries) {
      if (e.is(purpose, namespace, name)) {
        return e;
      }
    }
    return null;
  }

  private static Entry[] without(Entry[] entries, String purpose, String namespace, String name) {
    return Arrays.stream(entries)
        .filter(e -> !e.is(purpose, namespace, name))
        .toArray(Entry[]::new);
  }
}
