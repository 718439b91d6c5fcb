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
 * <p>One store per informer: an informer's re-list removes from its store every object its list did
 * not return, so a store shared by the informers of two namespaces would lose one namespace's
 * objects. The operator hands each informer its own ({@code StorePerInformer}), all sharing one
 * {@link CredentialPacker}.
 */
public final class PackedCredentialStore implements ItemStore<CostCredential> {
  private final Map<String, byte[]> items = new ConcurrentHashMap<>();
  private final CredentialPacker packer;

  /** A store sharing {@code packer} (and its pooled zlib streams) with the operator's others. */
  public PackedCredentialStore(CredentialPacker packer) {
    this.packer = packer;
  }

  @Override
  public String getKey(CostCredential cr) {
    return Cache.metaNamespaceKeyFunc(cr);
  }

  @Override
  public CostCredential put(String key, CostCredential cr) {
    return packer.unpack(items.put(key, packer.pack(cr)));
  }

  @Override
  public CostCredential remove(String key) {
    return packer.unpack(items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<CostCredential> values() {
    return items.values().stream().map(packer::unpack);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public CostCredential get(String key) {
    return packer.unpack(items.get(key));
  }

  /** Bytes kept for the object under {@code key}, or -1: what the packing saves is measurable. */
  int packedSize(String key) {
    byte[] packed = items.get(key);
    return packed == null ? -1 : packed.length;
  }
}
