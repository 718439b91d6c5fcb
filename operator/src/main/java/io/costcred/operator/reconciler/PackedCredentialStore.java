package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.core.NameTable;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The CostCredential informer's store: each object is kept as its JSON, deflated against a preset
 * dictionary of the API's field names and usual values ({@link CredentialPacker}), and read back
 * through the client's mapper on every {@link #get}. A cached CostCredential held as model objects
 * is ~88 objects and ~2.9 KiB of heap; packed it is ~370 bytes (measured by {@code HeapOwners}
 * between 1,000 and 5,000 credentials). Each read builds a fresh object, so no caller can change
 * the cache by changing what it was given.
 *
 * <p>One name per credential and no key: entries are found by their informer key ({@code
 * namespace/name}) in a {@link NameTable}, which keeps no key string, and each entry holds the name
 * instance that the store gives every object it is handed or hands out, so the copies that outlive
 * a read (JOSDK's {@code ResourceID}s, the metrics) are one string. Measured by {@code HeapOwners}'
 * string census at 5,000 credentials: four copies of each key and four of each name before D59
 * (~340 bytes a credential); a map keyed by the key string cost its node and key besides (~90
 * bytes, D60).
 *
 * <p>The store keeps {@link PrimaryIndex}'s indexes itself ({@link #byIndex}): per index key an
 * array of its member entries, replaced whole on a change, so a lookup takes no lock and reads no
 * table. The informer's own indexes, which this replaces (D60), kept a concurrent set per key and a
 * node per member (~130 bytes per credential); here a member is one array slot. Entries and indexes
 * change under the store's lock, which the informer's cache already holds around each put and
 * remove.
 *
 * <p>One store per informer: an informer's re-list removes from its store every object its list did
 * not return, so a store shared by the informers of two namespaces would lose one namespace's
 * objects. The operator hands each informer its own ({@code StorePerInformer}), all sharing one
 * {@link CredentialPacker}.
 */
public final class PackedCredentialStore implements ItemStore<CostCredential> {
  /** One credential: its namespace and name (the instances to share) and its packed JSON. */
  private static final class Kept implements NameTable.Named {
    private final String namespace;
    private final String name;
    private volatile byte[] packed; // null once removed

    Kept(String namespace, String name, byte[] packed) {
      this.namespace = namespace;
      this.name = name;
      this.packed = packed;
    }

    @Override
    public String namespace() {
      return namespace;
    }

    @Override
    public Object name() {
      return name;
    }
  }

  private final NameTable<Kept> items = new NameTable<>();
  private final CredentialPacker packer;
  private final Map<String, Function<CostCredential, List<String>>> indexers =
      PrimaryIndex.indexers();
  private final Map<String, Map<String, Kept[]>> indexes = new ConcurrentHashMap<>();

  /** A store sharing {@code packer} (and its pooled zlib streams) with the operator's others. */
  public PackedCredentialStore(CredentialPacker packer) {
    this.packer = packer;
  }

  @Override
  public String getKey(CostCredential cr) {
    return Cache.metaNamespaceKeyFunc(cr);
  }

  /**
   * Keeps {@code cr} packed and gives it the name instance kept before (it is the object the
   * informer then hands to its handlers).
   */
  @Override
  public synchronized CostCredential put(String key, CostCredential cr) {
    Kept kept = items.get(key); // the same key: the same name
    CostCredential old = unpack(kept);
    if (kept != null) {
      cr.getMetadata().setName(kept.name);
      kept.packed = packer.pack(cr);
    } else {
      String ns = cr.getMetadata().getNamespace();
      kept = new Kept(ns == null ? "" : ns.intern(), cr.getMetadata().getName(), packer.pack(cr));
      items.put(kept);
    }
    reindex(kept, old, cr);
    return old;
  }

  @Override
  public synchronized CostCredential remove(String key) {
    Kept removed = items.remove(key);
    CostCredential old = unpack(removed);
    if (old != null) {
      reindex(removed, old, null);
      removed.packed = null;
    }
    return old;
  }

  @Override
  public Stream<String> keySet() {
    return items.entries().stream().map(NameTable::key);
  }

  @Override
  public Stream<CostCredential> values() {
    return items.entries().stream().map(this::unpack).filter(Objects::nonNull);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public CostCredential get(String key) {
    return unpack(items.get(key));
  }

  /**
   * The credentials under {@code key} of the index {@code index} ({@link PrimaryIndex#indexers()}).
   */
  public Stream<CostCredential> byIndex(String index, String key) {
    Map<String, Kept[]> byKey = indexes.get(index);
    Kept[] members = byKey == null ? null : byKey.get(key);
    return members == null
        ? Stream.empty()
        : Arrays.stream(members).map(this::unpack).filter(Objects::nonNull);
  }

  /** How many keys {@code index} has (tests). */
  int indexKeys(String index) {
    Map<String, Kept[]> byKey = indexes.get(index);
    return byKey == null ? 0 : byKey.size();
  }

  /** Bytes kept for the object under {@code key}, or -1: what the packing saves is measurable. */
  int packedSize(String key) {
    Kept kept = items.get(key);
    byte[] packed = kept == null ? null : kept.packed;
    return packed == null ? -1 : packed.length;
  }

  /** Moves {@code kept} from the index keys of {@code old} to those of {@code now}. */
  private void reindex(Kept kept, CostCredential old, CostCredential now) {
    for (var indexer : indexers.entrySet()) {
      List<String> was = old == null ? List.of() : indexer.getValue().apply(old);
      List<String> is = now == null ? List.of() : indexer.getValue().apply(now);
      if (was.equals(is)) {
        continue;
      }
      Map<String, Kept[]> byKey =
          indexes.computeIfAbsent(indexer.getKey(), k -> new ConcurrentHashMap<>());
      for (String k : was) {
        if (!is.contains(k)) {
          byKey.computeIfPresent(k, (x, members) -> without(members, kept));
        }
      }
      for (String k : is) {
        if (!was.contains(k)) {
          byKey.merge(k, new Kept[] {kept}, PackedCredentialStore::with);
        }
      }
    }
  }

  private static Kept[] with(Kept[] members, Kept[] added) {
    Kept[] out = Arrays.copyOf(members, members.length + 1);
    out[members.length] = added[0];
    return out;
  }

  /** {@code members} without {@code kept}; null (the index key goes) when nothing is left. */
  private static Kept[] without(Kept[] members, Kept kept) {
    int at = Arrays.asList(members).indexOf(kept);
    if (at < 0) {
      return members;
    }
    if (members.length == 1) {
      return null;
    }
    Kept[] out = new Kept[members.length - 1];
    System.arraycopy(members, 0, out, 0, at);
    System.arraycopy(members, at + 1, out, at, members.length - at - 1);
    return out;
  }

  private CostCredential unpack(Kept kept) {
    byte[] packed = kept == null ? null : kept.packed;
    if (packed == null) {
      return null;
    }
    CostCredential cr = packer.unpack(packed);
    cr.getMetadata().setName(kept.name);
    return cr;
  }
}
