package io.costcred.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Secret informer's store: name, namespace, uid, resourceVersion and the names of the data
 * keys, never a value or an annotation. It also keeps each Secret's {@link #version}: the
 * resourceVersion of its last change that was not only a removal of keys. Taking a token out of a
 * pool Secret (what the operator itself does) removes a key and leaves that version alone, so the
 * operator's own write never counts as a fix; a new key, a changed value or a new Secret does.
 */
final class SecretMetadataStore implements ItemStore<Secret> {
  private final Map<String, Secret> items = new ConcurrentHashMap<>();
  private final Map<String, String> versions = new ConcurrentHashMap<>();

  @Override
  public String getKey(Secret s) {
    return Cache.metaNamespaceKeyFunc(s);
  }

  @Override
  public Secret put(String key, Secret s) {
    Secret old = items.get(key);
    Secret kept = strip(s);
    boolean unchanged =
        old != null
            && java.util.Objects.equals(
                old.getMetadata().getResourceVersion(), s.getMetadata().getResourceVersion());
    if (!versions.containsKey(key) || !unchanged && !onlyRemovedKeys(old, kept)) {
      versions.put(key, s.getMetadata().getResourceVersion());
    }
    return items.put(key, kept);
  }

  /** True when {@code now} is {@code before} with keys taken away and nothing else changed. */
  static boolean onlyRemovedKeys(Secret before, Secret now) {
    Set<String> was = keys(before);
    Set<String> is = keys(now);
    return java.util.Objects.equals(before.getMetadata().getUid(), now.getMetadata().getUid())
        && is.size() < was.size()
        && was.containsAll(is);
  }

  /** The resourceVersion of the last change that was more than a removal of keys, or null. */
  String version(String key) {
    return items.containsKey(key) ? versions.get(key) : null;
  }

  @Override
  public Secret remove(String key) {
    versions.remove(key);
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<Secret> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public Secret get(String key) {
    return items.get(key);
  }

  /** Values are not kept, so the objects are not the full state. */
  @Override
  public boolean isFullState() {
    return false;
  }

  private static Set<String> keys(Secret s) {
    return s.getData() == null ? Set.of() : s.getData().keySet();
  }

  private static Secret strip(Secret s) {
    Map<String, String> names = new TreeMap<>();
    if (s.getData() != null) {
      s.getData().keySet().forEach(k -> names.put(k, ""));
    }
    if (s.getStringData() != null) {
      s.getStringData().keySet().forEach(k -> names.put(k, ""));
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(s.getMetadata().getName())
        .withNamespace(s.getMetadata().getNamespace())
        .withUid(s.getMetadata().getUid())
        .withResourceVersion(s.getMetadata().getResourceVersion())
        .endMetadata()
        .withData(names)
        .build();
  }
}
