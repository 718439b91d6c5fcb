package io.costcred.operator.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Cache entries found by their informer key ({@code namespace/name}) without keeping a key string
 * per entry: each entry holds its namespace (a shared instance) and its name (as one byte per
 * character when it is ASCII, which every Kubernetes object name is), and the table is an open
 * addressing array of the entries themselves. Per entry that is a slot of 4 to 8 bytes and a short
 * byte array, where a {@code ConcurrentHashMap} keyed by the key string costs a 32-byte node, a
 * 24-byte string and the key's bytes with its namespace: about 60 bytes less per entry.
 *
 * <p>Every method is synchronized: an informer's cache writes one entry at a time, and readers
 * (reconciliations, mappers) look up a few keys each; none holds the lock for more than a probe,
 * except {@link #entries} (a copy, for the informer's re-list and its listings).
 *
 * @param <E> the entries
 */
public final class NameTable<E extends NameTable.Named> {
  /** An entry: the namespace and name it is found under. */
  public interface Named {
    /** Its namespace, "" for none; a shared instance ({@link String#intern()}). */
    String namespace();

    /** Its name as {@link #name(String)} gave it. */
    Object name();
  }

  /**
   * Where an entry is kept: its namespace (shared) and its name ({@link #name(String)}), the
   * instances of {@code before} when it is the same place, so that what holds them (an index of
   * names) keeps finding the entry and no update allocates them again.
   */
  public record Place(String namespace, Object name) {
    /** The place of {@code namespace/name}; null parts read as "". */
    public static Place of(String namespace, String name, Named before) {
      String ns = namespace == null ? "" : namespace;
      String n = name == null ? "" : name;
      if (before != null && before.namespace().equals(ns) && is(before.name(), n)) {
        return new Place(before.namespace(), before.name());
      }
      return new Place(ns.intern(), NameTable.name(n));
    }
  }

  private static final int FIRST_CAPACITY = 16;

  private Object[] table = new Object[FIRST_CAPACITY];
  private int size;

  /** The table's slots for {@link Probing#closeGap}. */
  private final Probing.Slots slots =
      new Probing.Slots() {
        @Override
        public boolean used(int at) {
          return table[at] != null;
        }

        @Override
        public int home(int at) {
          return slot(hash(entry(at)), table.length - 1);
        }

        @Override
        public void move(int from, int to) {
          table[to] = table[from];
          table[from] = null;
        }
      };

  /** A name as an entry keeps it: its bytes when it is ASCII, else the String itself. */
  public static Object name(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return name;
      }
    }
    byte[] b = new byte[name.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) name.charAt(i);
    }
    return b;
  }

  /** True when {@code kept} (as {@link #name(String)} gave it) is the name {@code text}. */
  public static boolean is(Object kept, String text) {
    return is(kept, text, 0);
  }

  /** True when {@code kept} is the rest of {@code text} from {@code from} on. */
  private static boolean is(Object kept, String text, int from) {
    if (kept instanceof byte[] b) {
      if (text.length() - from != b.length) {
        return false;
      }
      for (int i = 0; i < b.length; i++) {
        if (text.charAt(from + i) != (char) (b[i] & 0xff)) {
          return false;
        }
      }
      return true;
    }
    String name = (String) kept;
    return text.length() - from == name.length() && text.startsWith(name, from);
  }

  /** The name an entry keeps, as text. */
  public static String text(Object name) {
    return name instanceof byte[] b
        ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
        : (String) name;
  }

  /** The namespace of an informer key, "" when it has none ({@link Place#of} shares it). */
  public static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  /** The name of an informer key. */
  public static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /** The informer key of an entry: {@code namespace/name}, or the name alone without namespace. */
  public static String key(Named e) {
    String name = text(e.name());
    return e.namespace().isEmpty() ? name : e.namespace() + "/" + name;
  }

  public synchronized E get(String key) {
    int at = find(key);
    return at < 0 ? null : entry(at);
  }

  /** Puts {@code e} in place of the entry with its key; returns that entry, or null. */
  public synchronized E put(E e) {
    int mask = table.length - 1;
    for (int at = slot(hash(e), mask); ; at = (at + 1) & mask) {
      Object there = table[at];
      if (there == null) {
        table[at] = e;
        if (++size * 3 > table.length * 2) {
          resize(table.length * 2);
        }
        return null;
      }
      @SuppressWarnings("unchecked")
      E kept = (E) there;
      if (same(kept, e)) {
        table[at] = e;
        return kept;
      }
    }
  }

  /** Removes the entry with this key; returns it, or null. */
  public synchronized E remove(String key) {
    int at = find(key);
    if (at < 0) {
      return null;
    }
    E gone = entry(at);
    table[at] = null;
    size--;
    Probing.closeGap(slots, at, table.length - 1);
    if (table.length > FIRST_CAPACITY && size * 8 < table.length) {
      resize(table.length / 2);
    }
    return gone;
  }

  public synchronized int size() {
    return size;
  }

  /** A copy of the entries, in no order. */
  public synchronized List<E> entries() {
    List<E> out = new ArrayList<>(size);
    for (int i = 0; i < table.length; i++) {
      if (table[i] != null) {
        out.add(entry(i));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private E entry(int at) {
    return (E) table[at];
  }

  private int find(String key) {
    int mask = table.length - 1;
    for (int at = slot(key.hashCode(), mask); ; at = (at + 1) & mask) {
      Object there = table[at];
      if (there == null) {
        return -1;
      }
      if (matches(entry(at), key)) {
        return at;
      }
    }
  }

  private void resize(int capacity) {
    Object[] old = table;
    table = new Object[capacity];
    int mask = capacity - 1;
    for (Object o : old) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        E e = (E) o;
        int at = slot(hash(e), mask);
        while (table[at] != null) {
          at = (at + 1) & mask;
        }
        table[at] = e;
      }
    }
  }

  private static int slot(int hash, int mask) {
    return Probing.slot(hash, mask);
  }

  /** The key's {@link String#hashCode}, computed from the entry's parts. */
  private static int hash(Named e) {
    int h = 0;
    String ns = e.namespace();
    for (int i = 0; i < ns.length(); i++) {
      h = 31 * h + ns.charAt(i);
    }
    if (!ns.isEmpty()) {
      h = 31 * h + '/';
    }
    if (e.name() instanceof byte[] b) {
      for (byte c : b) {
        h = 31 * h + (c & 0xff);
      }
      return h;
    }
    String name = (String) e.name();
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return h;
  }

  private static boolean same(Named a, Named b) {
    if (!a.namespace().equals(b.namespace())) {
      return false;
    }
    if (a.name() instanceof byte[] x && b.name() instanceof byte[] y) {
      return java.util.Arrays.equals(x, y);
    }
    return text(a.name()).equals(text(b.name()));
  }

  private static boolean matches(Named e, String key) {
    String ns = e.namespace();
    int from = 0;
    if (!ns.isEmpty()) {
      if (!key.startsWith(ns) || key.length() <= ns.length() || key.charAt(ns.length()) != '/') {
        return false;
      }
      from = ns.length() + 1;
    } else if (key.indexOf('/') >= 0) {
      return false;
    }
    return is(e.name(), key, from);
  }
}
