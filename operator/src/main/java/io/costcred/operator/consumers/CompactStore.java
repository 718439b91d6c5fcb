package io.costcred.operator.consumers;

import io.costcred.operator.core.NameTable;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer store that keeps one immutable {@link CachedRecord} per object, by namespace, in a
 * {@link NameTable}: the record carries its namespace and name, and no key string is kept (about 60
 * bytes an object less than a map under the informer's key). What it hands the informer and JOSDK
 * is built on demand: name, namespace and resourceVersion, carrying the record, so that an update
 * filter or a mapper given the old object (or an object deleted while the watch was down) still
 * knows what it read.
 *
 * @param <T> the informer's type
 * @param <C> the record kept
 */
public final class CompactStore<T extends HasMetadata, C extends CachedRecord>
    implements ItemStore<T> {
  /** Key of the record in a handed-out object's additional properties. */
  static final String CARRIED = "costcred.io/cached-record";

  private final Class<C> type;
  private final BiFunction<T, C, C> compact;
  private final Supplier<T> empty;
  private final Function<T, Map<String, Object>> extras;
  private final Map<String, NameTable<C>> byNamespace = new ConcurrentHashMap<>();
  private final Map<String, Dropped> dropped = new ConcurrentHashMap<>();

  /**
   * The records that read a Secret, by namespace and Secret name, each by its name instance (a
   * record's {@link CachedRecord#name}, carried from one version of the object to the next). The
   * Secret's name is the instance a record's {@code reads} holds: no key string of its own.
   */
  private final Map<String, ReaderIndex> readers = new ConcurrentHashMap<>();

  /** Secrets the update at {@code version} stopped reading. */
  private record Dropped(long version, Set<String> names) {}

  /**
   * @param compact the record of an object, given the record kept before (or null)
   * @param empty a new, empty object of the informer's type
   * @param extras an object's additional properties (where the record is carried)
   */
  public CompactStore(
      Class<C> type,
      BiFunction<T, C, C> compact,
      Supplier<T> empty,
      Function<T, Map<String, Object>> extras) {
    this.type = type;
    this.compact = compact;
    this.empty = empty;
    this.extras = extras;
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    String ns = namespace(obj.getMetadata());
    NameTable<C> records = byNamespace.computeIfAbsent(ns, n -> new NameTable<>());
    C before = records.get(key);
    C now = compact.apply(obj, before);
    records.put(now);
    index(ns, before, now);
    Set<String> lost = before == null ? Set.of() : lost(before, now);
    if (lost.isEmpty()) {
      dropped.remove(key);
    } else {
      dropped.put(key, new Dropped(now.version(), lost));
    }
    return before == null ? null : handOut(key, before);
  }

  @Override
  public T remove(String key) {
    dropped.remove(key);
    String ns = namespaceOf(key);
    NameTable<C> records = byNamespace.get(ns);
    C before = records == null ? null : records.remove(key);
    index(ns, before, null);
    // The informer's cache calls put and remove one at a time: no put races this cleanup.
    byNamespace.computeIfPresent(ns, (n, m) -> m.size() == 0 ? null : m);
    return before == null ? null : handOut(key, before);
  }

  @Override
  public Stream<String> keySet() {
    return byNamespace.values().stream().flatMap(m -> m.entries().stream()).map(NameTable::key);
  }

  @Override
  public Stream<T> values() {
    return byNamespace.values().stream()
        .flatMap(m -> m.entries().stream())
        .map(r -> handOut(NameTable.key(r), r));
  }

  @Override
  public int size() {
    return byNamespace.values().stream().mapToInt(NameTable::size).sum();
  }

  @Override
  public T get(String key) {
    C r = record(key);
    return r == null ? null : handOut(key, r);
  }

  /** Records are not the objects: never let the informer treat this store as full state. */
  @Override
  public boolean isFullState() {
    return false;
  }

  /** The record under {@code namespace/name}, or null. */
  public C record(String key) {
    NameTable<C> records = byNamespace.get(namespaceOf(key));
    return records == null ? null : records.get(key);
  }

  /**
   * The records of one namespace by key ({@code namespace/name}), read-only: a lookup by key reads
   * the table; a walk over its entries walks a copy taken then.
   */
  public Map<String, C> namespace(String namespace) {
    NameTable<C> records = byNamespace.get(namespace);
    return records == null ? Map.of() : new NamespaceView<>(records);
  }

  /** {@link #namespace}'s view. */
  private static final class NamespaceView<C extends CachedRecord> extends AbstractMap<String, C> {
    private final NameTable<C> records;

    NamespaceView(NameTable<C> records) {
      this.records = records;
    }

    @Override
    public C get(Object key) {
      return key instanceof String k ? records.get(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return records.size();
    }

    @Override
    public Set<Entry<String, C>> entrySet() {
      Set<Entry<String, C>> out = new HashSet<>();
      for (C r : records.entries()) {
        out.add(new SimpleImmutableEntry<>(NameTable.key(r), r));
      }
      return Collections.unmodifiableSet(out);
    }
  }

  /**
   * The records of one namespace that read at least one of {@code secrets}, by key: a lookup per
   * Secret, not a scan of the namespace.
   */
  public Map<String, C> readers(String namespace, Set<String> secrets) {
    NameTable<C> records = byNamespace.get(namespace);
    if (records == null) {
      return Map.of();
    }
    ReaderIndex index = readers.get(namespace);
    if (index == null) {
      return Map.of();
    }
    Map<String, C> out = new HashMap<>();
    for (String secret : secrets) {
      for (Object name : index.of(secret)) {
        String key =
            namespace.isEmpty() ? NameTable.text(name) : namespace + "/" + NameTable.text(name);
        C r = records.get(key);
        if (r != null) {
          out.put(key, r);
        }
      }
    }
    return out;
  }

  /**
   * Moves the object in the readers index from what {@code before} read to what {@code now} does,
   * under its name instance ({@link ReaderIndex}).
   */
  private void index(String ns, C before, C now) {
    Set<String> was = before == null ? Set.of() : before.reads().keySet();
    Set<String> is = now == null ? Set.of() : now.reads().keySet();
    Object oldName = before == null ? null : before.name();
    Object newName = now == null ? null : now.name();
    boolean renamed = oldName != newName;
    ReaderIndex index = readers.get(ns);
    for (String secret : was) {
      if (index != null && (renamed || !is.contains(secret))) {
        index.remove(secret, oldName);
      }
    }
    for (String secret : is) {
      if (renamed || !was.contains(secret)) {
        if (index == null) {
          index = readers.computeIfAbsent(ns, n -> new ReaderIndex());
        }
        index.add(secret, newName);
      }
    }
    if (index != null && index.isEmpty()) {
      readers.remove(ns, index);
    }
  }

  /**
   * The record of an object an informer event carries: the one it carries (an object this store
   * handed out), the one kept at its version, or one made from it.
   */
  public C recordOf(T obj) {
    Object carried = extras.apply(obj).get(CARRIED);
    if (type.isInstance(carried)) {
      return type.cast(carried);
    }
    C kept = record(getKey(obj));
    long version = Versions.pack(obj.getMetadata().getResourceVersion());
    if (kept != null && version != Versions.UNKNOWN && kept.version() == version) {
      return kept;
    }
    return compact.apply(obj, kept);
  }

  /** True when the update from {@code before} to {@code now} changes what the operator uses. */
  public boolean changed(T before, T now) {
    return !recordOf(before).sameUse(recordOf(now));
  }

  /**
   * The Secrets this object read before the update to its current version and reads no more: the
   * credentials that stored them learn they lost a consumer.
   */
  public Set<String> droppedReads(T obj) {
    Dropped d = dropped.get(getKey(obj));
    long version = Versions.pack(obj.getMetadata().getResourceVersion());
    return d != null && d.version() == version ? d.names() : Set.of();
  }

  /** The name part of a {@code namespace/name} key. */
  public static String name(String key) {
    return NameTable.nameOf(key);
  }

  private T handOut(String key, C record) {
    T t = empty.get();
    int slash = key.indexOf('/');
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withNamespace(slash < 0 ? null : key.substring(0, slash))
            .withName(key.substring(slash + 1))
            .withResourceVersion(Versions.unpack(record.version()))
            .build();
    t.setMetadata(meta);
    extras.apply(t).put(CARRIED, record);
    return t;
  }

  private static Set<String> lost(CachedRecord before, CachedRecord now) {
    if (before.reads().isEmpty() || now.reads().keySet().containsAll(before.reads().keySet())) {
      return Set.of();
    }
    Set<String> lost = new HashSet<>(before.reads().keySet());
    lost.removeAll(now.reads().keySet());
    return Set.copyOf(lost);
  }

  private static String namespace(ObjectMeta m) {
    return m.getNamespace() == null ? "" : m.getNamespace();
  }

  private static String namespaceOf(String key) {
    return NameTable.namespaceOf(key);
  }
}
