package io.costcred.operator.reconciler;

import io.costcred.operator.core.Probing;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * When each CostCredential is next due for a reconcile: one slot per credential in three parallel
 * arrays (its namespace and name, the instances its reconcile was handed, and the due time), open
 * addressing with linear probing. JOSDK's timer kept a {@code TimerTask} with its lock, a map node
 * and a {@code ResourceID} per rescheduled credential (~130 bytes, measured in issue 14's heap
 * dumps); a slot here is 16 bytes, at most two slots per credential.
 *
 * <p>Times are a monotonic clock's nanoseconds, compared by difference. Not thread-safe by itself:
 * {@link WakeupSource} calls it under its lock.
 */
final class Wakeups implements Probing.Slots {
  private static final int FIRST_CAPACITY = 16;

  private String[] namespaces = new String[FIRST_CAPACITY];
  private String[] names = new String[FIRST_CAPACITY];
  private long[] due = new long[FIRST_CAPACITY];
  private int size;

  /** Sets the credential's next wake-up to {@code at}, replacing the one it had. */
  void at(String namespace, String name, long at) {
    int i = find(namespace, name);
    if (i >= 0) {
      due[i] = at;
      return;
    }
    if ((size + 1) * 4 > names.length * 3) {
      resize(names.length * 2);
    }
    insert(namespace, name, at);
    size++;
  }

  /** Forgets the credential's wake-up; true when it had one. */
  boolean cancel(String namespace, String name) {
    int i = find(namespace, name);
    if (i < 0) {
      return false;
    }
    removeAt(i);
    size--;
    if (names.length > FIRST_CAPACITY && size * 8 < names.length) {
      resize(names.length / 2);
    }
    return true;
  }

  /** The earliest wake-up, or empty. */
  OptionalLong earliest() {
    boolean any = false;
    long min = 0;
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && (!any || due[i] - min < 0)) {
        min = due[i];
        any = true;
      }
    }
    return any ? OptionalLong.of(min) : OptionalLong.empty();
  }

  /** Removes and returns the credentials due at {@code now} or before. */
  List<ResourceID> take(long now) {
    List<ResourceID> out = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && due[i] - now <= 0) {
        out.add(new ResourceID(names[i], namespaces[i]));
      }
    }
    for (ResourceID id : out) {
      cancel(id.getNamespace().orElse(null), id.getName());
    }
    return out;
  }

  int size() {
    return size;
  }

  /** Slots allocated (at most 2 per credential once the table has grown). */
  int capacity() {
    return names.length;
  }

  private int find(String namespace, String name) {
    int mask = names.length - 1;
    for (int i = slot(namespace, name, mask); names[i] != null; i = (i + 1) & mask) {
      if (names[i].equals(name) && Objects.equals(namespaces[i], namespace)) {
        return i;
      }
    }
    return -1;
  }

  private void insert(String namespace, String name, long at) {
    int mask = names.length - 1;
    int i = slot(namespace, name, mask);
    while (names[i] != null) {
      i = (i + 1) & mask;
    }
    namespaces[i] = namespace;
    names[i] = name;
    due[i] = at;
  }

  private void removeAt(int i) {
    namespaces[i] = null;
    names[i] = null;
    Probing.closeGap(this, i, names.length - 1);
  }

  @Override
  public boolean used(int at) {
    return names[at] != null;
  }

  @Override
  public int home(int at) {
    return slot(namespaces[at], names[at], names.length - 1);
  }

  @Override
  public void move(int from, int to) {
    namespaces[to] = namespaces[from];
    names[to] = names[from];
    due[to] = due[from];
    namespaces[from] = null;
    names[from] = null;
  }

  private void resize(int capacity) {
    String[] ns = namespaces;
    String[] n = names;
    long[] d = due;
    namespaces = new String[capacity];
    names = new String[capacity];
    due = new long[capacity];
    for (int i = 0; i < n.length; i++) {
      if (n[i] != null) {
        insert(ns[i], n[i], d[i]);
      }
    }
  }

  private static int slot(String namespace, String name, int mask) {
    return Probing.slot(
        31 * (namespace == null ? 0 : namespace.hashCode()) + name.hashCode(), mask);
  }
}
