package io.costcred.operator.reconciler;

import io.costcred.operator.core.CompactIds;
import io.costcred.operator.core.IdStamp;
import io.costcred.operator.core.Interner;
import io.costcred.operator.core.NameTable;
import io.costcred.operator.store.SecretVersions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Secret informer's store: name, namespace, uid, resourceVersion and the names of the data
 * keys, never a value or an annotation. It also keeps each Secret's {@link #version}: the
 * resourceVersion of its last change that was not only a removal of keys. Taking a token out of a
 * pool Secret (what the operator itself does) removes a key and leaves that version alone, so the
 * operator's own write never counts as a fix; a new key, a changed value or a new Secret does.
 *
 * <p>Memory: it watches every Secret of the watched namespaces, so each is kept as one small record
 * (uid, two versions, the sorted key names) instead of a model object with its empty lists and
 * maps; the Secret the informer asks for is built again from it.
 */
final class SecretMetadataStore implements ItemStore<Secret> {
  /**
   * What is kept of one Secret: its namespace and name ({@link NameTable}: no key string), its uid
   * and versions ({@link IdStamp}: packed into the record) and its data keys, sorted: 64 bytes and
   * the name's a Secret, where a map entry under the key string with a record of a UUID and Longs
   * cost ~250.
   */
  private static final class Meta extends IdStamp implements NameTable.Named {
    final String namespace;
    final Object name;
    final List<String> keys;

    Meta(
        NameTable.Place at, Object uid, Object resourceVersion, Object version, List<String> keys) {
      super(uid, resourceVersion, version);
      this.namespace = at.namespace();
      this.name = at.name();
      this.keys = keys;
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

  private final NameTable<Meta> items = new NameTable<>();

  @Override
  public String getKey(Secret s) {
    return Cache.metaNamespaceKeyFunc(s);
  }

  @Override
  public Secret put(String key, Secret s) {
    Meta old = items.get(key);
    List<String> keys = keyNames(s);
    Object rv = CompactIds.version(s.getMetadata().getResourceVersion());
    Object uid = CompactIds.uid(s.getMetadata().getUid());
    boolean unchanged = old != null && java.util.Objects.equals(old.resourceVersion(), rv);
    Object version =
        old == null || !unchanged && !onlyRemovedKeys(old.uid(), old.keys, uid, keys)
            ? rv
            : old.version();
    NameTable.Place at = NameTable.Place.of(NameTable.namespaceOf(key), NameTable.nameOf(key), old);
    items.put(new Meta(at, uid, rv, version, keys));
    return old == null ? null : secret(key, old);
  }

  /** True when {@code now} is {@code before} with keys taken away and nothing else changed. */
  static boolean onlyRemovedKeys(Secret before, Secret now) {
    return onlyRemovedKeys(
        before.getMetadata().getUid(), keyNames(before), now.getMetadata().getUid(), keyNames(now));
  }

  private static boolean onlyRemovedKeys(
      Object uidBefore, List<String> was, Object uidNow, List<String> is) {
    return java.util.Objects.equals(uidBefore, uidNow)
        && is.size() < was.size()
        && was.containsAll(is);
  }

  /** The resourceVersion of the last change that was more than a removal of keys, or null. */
  String version(String key) {
    Meta m = items.get(key);
    return m == null ? null : CompactIds.text(m.version());
  }

  /**
   * The uid and resourceVersion of the Secret under {@code key}, read from its record without
   * building the Secret again; empty when it is not cached or has neither.
   */
  Optional<SecretVersions.Seen> seen(String key) {
    Meta m = items.get(key);
    return m == null || m.uid() == null || m.resourceVersion() == null
        ? Optional.empty()
        : Optional.of(
            new SecretVersions.Seen(
                CompactIds.text(m.uid()), CompactIds.text(m.resourceVersion())));
  }

  @Override
  public Secret remove(String key) {
    Meta old = items.remove(key);
    return old == null ? null : secret(key, old);
  }

  @Override
  public Stream<String> keySet() {
    return items.entries().stream().map(NameTable::key);
  }

  @Override
  public Stream<Secret> values() {
    return items.entries().stream().map(m -> secret(NameTable.key(m), m));
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public Secret get(String key) {
    Meta m = items.get(key);
    return m == null ? null : secret(key, m);
  }

  /** Values are not kept, so the objects are not the full state. */
  @Override
  public boolean isFullState() {
    return false;
  }

  /**
   * The data key names, sorted, as shared instances: the names (a cluster uses few) and the list
   * (most Secrets have the same one or two sets of names as others).
   */
  private static List<String> keyNames(Secret s) {
    Set<String> names = new TreeSet<>();
    if (s.getData() != null) {
      names.addAll(s.getData().keySet());
    }
    if (s.getStringData() != null) {
      names.addAll(s.getStringData().keySet());
    }
    return Interner.intern(names.stream().map(String::intern).toList());
  }

  private static Secret secret(String key, Meta m) {
    int slash = key.indexOf('/');
    Map<String, String> names = new TreeMap<>();
    m.keys.forEach(k -> names.put(k, ""));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(slash < 0 ? key : key.substring(slash + 1))
        .withNamespace(slash < 0 ? null : key.substring(0, slash))
        .withUid(CompactIds.text(m.uid()))
        .withResourceVersion(CompactIds.text(m.resourceVersion()))
        .endMetadata()
        .withData(names)
        .build();
  }
}
