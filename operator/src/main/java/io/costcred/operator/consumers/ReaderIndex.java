package io.costcred.operator.consumers;

import io.costcred.operator.core.Probing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The records of one namespace and kind that read each Secret, by Secret name: the name instances
 * of the readers ({@link CachedRecord#name}), found by identity. Open addressing over two parallel
 * arrays, the Secret's name (the instance a record's {@code reads} holds) and its readers: one
 * reader as itself, a few as an array, many as a set changed in place. A map of sets cost a 32-byte
 * node and a set per Secret (~54 bytes a reader, measured by {@code HeapOwners} as the largest
 * share of {@code CompactStore}); here a Secret read once is two array slots.
 *
 * <p>Synchronized: the informer's cache writes one object at a time and reconciles read a few
 * Secrets each.
 */
final class ReaderIndex implements Probing.Slots {
  private static final int FIRST_CAPACITY = 8;

  /** Readers of one Secret kept as an array up to this many, as a set beyond. */
  static final int SMALL = 8;

  private String[] secrets = new String[FIRST_CAPACITY];
  private Object[] readers = new Object[FIRST_CAPACITY];
  private int size;

  /** Adds {@code name} to the readers of {@code secret}. */
  synchronized void add(String secret, Object name) {
    int at = find(secret);
    if (at < 0) {
      if ((size + 1) * 3 > secrets.length * 2) {
        resize(secrets.length * 2);
      }
      insert(secret, name);
      size++;
      return;
    }
    readers[at] = with(readers[at], name);
  }

  /** Removes {@code name} from the readers of {@code secret}. */
  synchronized void remove(String secret, Object name) {
    int at = find(secret);
    if (at < 0) {
      return;
    }
    Object left = without(readers[at], name);
    if (left != null) {
      readers[at] = left;
      return;
    }
    secrets[at] = null;
    readers[at] = null;
    size--;
    Probing.closeGap(this, at, secrets.length - 1);
    if (secrets.length > FIRST_CAPACITY && size * 8 < secrets.length) {
      resize(secrets.length / 2);
    }
  }

  /** The readers of {@code secret}, a copy. */
  synchronized List<Object> of(String secret) {
    int at = find(secret);
    if (at < 0) {
      return List.of();
    }
    Object r = readers[at];
    if (r instanceof Object[] many) {
      return List.of(many);
    }
    if (r instanceof Set<?> set) {
      return new ArrayList<>(set);
    }
    return List.of(r);
  }

  synchronized boolean isEmpty() {
    return size == 0;
  }

  /** Secrets with readers. */
  synchronized int size() {
    return size;
  }

  private static Object with(Object r, Object name) {
    if (r instanceof Set<?>) {
      @SuppressWarnings("unchecked")
      Set<Object> set = (Set<Object>) r;
      set.add(name);
      return set;
    }
    if (r instanceof Object[] many) {
      for (Object o : many) {
        if (o == name) {
          return r;
        }
      }
      if (many.length >= SMALL) {
        Set<Object> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(Arrays.asList(many));
        set.add(name);
        return set;
      }
      Object[] out = Arrays.copyOf(many, many.length + 1);
      out[many.length] = name;
      return out;
    }
    return r == name ? r : new Object[] {r, name};
  }

  /** What is left of {@code r} without {@code name}; null for nothing. */
  private static Object without(Object r, Object name) {
    if (r instanceof Set<?> set) {
      set.remove(name);
      if (set.size() > SMALL) {
        return set;
      }
      return set.isEmpty() ? null : set.toArray();
    }
    if (r instanceof Object[] many) {
      List<Object> out = new ArrayList<>(many.length);
      for (Object o : many) {
        if (o != name) {
          out.add(o);
        }
      }
      if (out.size() == many.length) {
        return r;
      }
      return out.size() == 1 ? out.get(0) : out.isEmpty() ? null : out.toArray();
    }
    return r == name ? null : r;
  }

  private int find(String secret) {
    int mask = secrets.length - 1;
    for (int at = slot(secret, mask); secrets[at] != null; at = (at + 1) & mask) {
      if (secrets[at].equals(secret)) {
        return at;
      }
    }
    return -1;
  }

  private void insert(String secret, Object r) {
    int mask = secrets.length - 1;
    int at = slot(secret, mask);
    while (secrets[at] != null) {
      at = (at + 1) & mask;
    }
    secrets[at] = secret;
    readers[at] = r;
  }

  @Override
  public boolean used(int at) {
    return secrets[at] != null;
  }

  @Override
  public int home(int at) {
    return slot(secrets[at], secrets.length - 1);
  }

  @Override
  public void move(int from, int to) {
    secrets[to] = secrets[from];
    readers[to] = readers[from];
    secrets[from] = null;
    readers[from] = null;
  }

  private void resize(int capacity) {
    String[] s = secrets;
    Object[] r = readers;
    secrets = new String[capacity];
    readers = new Object[capacity];
    for (int i = 0; i < s.length; i++) {
      if (s[i] != null) {
        insert(s[i], r[i]);
      }
    }
  }

  private static int slot(String secret, int mask) {
    return Probing.slot(secret.hashCode(), mask);
  }
}
