package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.store.CredentialStore;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Vault KV v2 secret. KV v2 replaces the whole data map on each write, so every change is a
 * read-modify-write of the latest version that keeps keys the operator does not own, guarded by
 * check-and-set against the version it read: a concurrent writer makes the write fail (a transient
 * CAS conflict) instead of being overwritten. The rotation id and fingerprint (never the value) go
 * to the secret's {@code custom_metadata}. The store's version is the KV version number.
 */
public final class VaultKvStore implements CredentialStore {
  /** custom_metadata key: the rotation that last published. */
  public static final String ROTATION_ID_METADATA = "costcred.io/rotation-id";

  /** custom_metadata key: HMAC fingerprint of the published credential. */
  public static final String FINGERPRINT_METADATA = "costcred.io/fingerprint";

  private final String id;
  private final List<KeyMapping> keys;
  private final VaultKvClient kv;
  private Runnable beforeWrite = () -> {};

  public VaultKvStore(VaultStoreConfig config) {
    this(config, Clock.systemUTC());
  }

  public VaultKvStore(VaultStoreConfig config, Clock clock) {
    this(config, clock, ProviderObserver.NONE);
  }

  /** A store whose every Vault request is reported to {@code observer} (no paths, no values). */
  public VaultKvStore(VaultStoreConfig config, Clock clock, ProviderObserver observer) {
    this.id = "vault/" + config.mount() + "/" + config.path();
    this.keys = config.keys();
    this.kv = new VaultKvClient(id, config, clock, observer);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String publish(String rotationId, Credential credential, String fingerprint) {
    VaultKvClient.Snapshot current = kv.snapshot();
    Map<String, JsonValue> desired = new LinkedHashMap<>(current.data());
    for (KeyMapping k : keys) {
      desired.put(k.getKey(), Json.value(credential.field(field(k)).reveal()));
    }
    long version = current.version();
    if (!current.exists() || !desired.equals(current.data())) {
      beforeWrite.run();
      version = kv.write(desired, current.version());
    }
    Map<String, String> custom = new LinkedHashMap<>(current.customMetadata());
    custom.put(ROTATION_ID_METADATA, rotationId);
    custom.put(FINGERPRINT_METADATA, fingerprint);
    if (!custom.equals(current.customMetadata())) {
      kv.writeCustomMetadata(custom);
    }
    return Long.toString(version);
  }

  @Override
  public Optional<Credential> read() {
    Optional<VaultKvClient.Latest> latest = kv.latest();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Map<String, JsonValue> data = latest.get().data();
    Map<String, SecretValue> fields = new HashMap<>();
    for (KeyMapping k : keys) {
      JsonValue v = data.get(k.getKey());
      if (v == null || !v.isString()) {
        return Optional.empty();
      }
      SecretValue value = SecretValue.of(v.asString());
      SecretValue previous = fields.putIfAbsent(field(k), value);
      if (previous != null && !previous.sameAs(value)) {
        // Two keys mapped to one field disagree: the store does not serve one credential.
        return Optional.of(new Credential(Map.of(field(k), SecretValue.of(""))));
      }
    }
    return Optional.of(new Credential(fields));
  }

  /**
   * Removes the mapped keys with a check-and-set write. When no other key is left, the latest
   * version is soft-deleted instead (older versions and the metadata stay, as Vault keeps them).
   */
  @Override
  public void remove() {
    VaultKvClient.Snapshot current = kv.snapshot();
    if (current.data().isEmpty()) {
      return;
    }
    Map<String, JsonValue> remaining = new LinkedHashMap<>(current.data());
    keys.forEach(k -> remaining.remove(k.getKey()));
    if (remaining.size() == current.data().size()) {
      return;
    }
    beforeWrite.run();
    if (remaining.isEmpty()) {
      kv.deleteLatest();
    } else {
      kv.write(remaining, current.version());
    }
  }

  /** Logins and renewals so far (observability and tests). */
  public int logins() {
    return kv.session().logins();
  }

  public int renewals() {
    return kv.session().renewals();
  }

  /** Test seam: runs between the read and the write, to simulate a concurrent writer. */
  void beforeWrite(Runnable hook) {
    this.beforeWrite = hook;
  }

  private static String field(KeyMapping k) {
    return k.getField() == null ? Credential.TOKEN : k.getField();
  }
}
