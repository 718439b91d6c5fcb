package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The CostCredential informer's store: each object is kept as its JSON, deflated against a preset
 * dictionary of the API's field names and usual values ({@link CredentialPacker}), and read back
 * through the client's mapper on every {@link #get}. A cached CostCredential held as model objects
 * is ~88 objects and ~2.9 KiB of heap; packed it is ~370 bytes, 509 with its map entry and key
 * (both measured by {@code HeapOwners} between 1,000 and 5,000 credentials). Each read builds a
 * fresh object, so no caller can change the cache by changing what it was given.
 *
 * <p>One name and one key per credential: the store hands the informer's cache its own key for an
 * object it keeps ({@link #getKey}), so the cache's indexes hold that instance and not a copy of
 * their own, and gives every object it is handed or hands out the name instance it keeps, so the
 * copies that outlive a read (JOSDK's {@code ResourceID}s, the metrics) are one string, not one
 * each. Measured by {@code HeapOwners}' string census at 5,000 credentials: four copies of each key
 * and four of each name before (~340 bytes a credential).
 *
 * <p>One store per informer: an informer's re-list removes from its store every object its list did
 * not return, so a store shared by the informers of two namespaces would lose one namespace's
 * objects. The operator hands each informer its own ({@code StorePerInformer}), all sharing one
 * {@link CredentialPacker}.
 */
public final class PackedCredentialStore implements ItemStore<CostCredential> {
  /** One credential: its key and name as the instances to share, and its packed JSON. */
  private record Kept(String key, String name, byte[] packed) {}

  private final Map<String, Kept> items = new ConcurrentHashMap<>();
  private final CredentialPacker packer;

  /** A store sharing {@code packer} (and its pooled zlib streams) with the operator's others. */
  public PackedCredentialStore(CredentialPacker packer) {
    this.packer = packer;
  }

  /**
   * The key this store keeps the object under, when it keeps one: the cache indexes that instance.
   */
  @Override
  public String getKey(CostCredential cr) {
    String key = Cache.metaNamespaceKeyFunc(cr);
    Kept kept = items.get(key);
    return kept == null ? key : kept.key();
  }

  /**
   * Keeps {@code cr} packed and gives it the name instance kept before (it is the object the
   * informer then hands to its handlers).
   */
  @Override
  public CostCredential put(String key, CostCredential cr) {
    Kept before = items.get(key); // the same key: the same name
    if (before != null) {
      cr.getMetadata().setName(before.name());
    }
    items.put(
        key,
        before == null
            ? new Kept(key, cr.getMetadata().getName(), packer.pack(cr))
            : new Kept(before.key(), before.name(), packer.pack(cr)));
    return unpack(before);
  }

  @Override
  public CostCredential remove(String key) {
    return unpack(items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<CostCredential> values() {
    return items.values().stream().map(this::unpack);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public CostCredential get(String key) {
    return unpack(items.get(key));
  }

  /** Bytes kept for the object under {@code key}, or -1: what the packing saves is measurable. */
  int packedSize(String key) {
    Kept kept = items.get(key);
    return kept == null ? -1 : kept.packed().length;
  }

  private CostCredential unpack(Kept kept) {
    if (kept == null) {
      return null;
    }
    CostCredential cr = packer.unpack(kept.packed());
    cr.getMetadata().setName(kept.name());
    return cr;
  }
}
