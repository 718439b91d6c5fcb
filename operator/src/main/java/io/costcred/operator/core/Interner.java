package io.costcred.operator.core;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;

/**
 * Shares equal immutable values between cached records: owners, annotation and read maps (the Pods
 * of one template have the same ones, so a thousand replicas keep one copy), and the data key names
 * of Secrets (a cluster's Secrets use few sets of them). Weak: a value no record uses any more is
 * collected, so values a tenant makes up do not outlive the objects that hold them.
 *
 * <p>Memory: a weak hash set of its own, one {@link Slot} (a weak reference with the value's hash
 * and the next slot, 40 bytes) per value. A {@code WeakHashMap} from each value to a weak reference
 * to itself, as before, cost that entry plus a 32-byte reference: about 30 % of this class's heap,
 * four to five values per managed object.
 */
public final class Interner {
  private static final Interner SHARED = new Interner();
  private static final int FIRST_CAPACITY = 64;

  /** A value held weakly, chained with the other slots of its bucket. */
  private static final class Slot extends WeakReference<Object> {
    final int hash;
    Slot next;

    Slot(Object value, int hash, Slot next, ReferenceQueue<Object> queue) {
      super(value, queue);
      this.hash = hash;
      this.next = next;
    }
  }

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private Slot[] table = new Slot[FIRST_CAPACITY];
  private int size;

  Interner() {}

  /** The shared instance equal to {@code value}; empty maps are shared by the JDK already. */
  public static <T> T intern(T value) {
    return SHARED.share(value);
  }

  /** The instance of this interner equal to {@code value}, which becomes it if there is none. */
  @SuppressWarnings("unchecked")
  synchronized <T> T share(T value) {
    if (value == null || value instanceof Map<?, ?> m && m.isEmpty()) {
      return value;
    }
    expunge();
    int hash = spread(value.hashCode());
    int at = hash & (table.length - 1);
    for (Slot s = table[at]; s != null; s = s.next) {
      if (s.hash == hash) {
        Object kept = s.get();
        if (value.equals(kept)) {
          return (T) kept;
        }
      }
    }
    table[at] = new Slot(value, hash, table[at], collected);
    if (++size > table.length * 3 / 4) {
      resize(table.length * 2);
    }
    return value;
  }

  /** Values held, collected ones not yet removed included. */
  synchronized int size() {
    return size;
  }

  /** Removes the slots whose values were collected; shrinks a table left mostly empty. */
  synchronized void expunge() {
    boolean removed = false;
    for (Object r; (r = collected.poll()) != null; ) {
      Slot gone = (Slot) r;
      int at = gone.hash & (table.length - 1);
      Slot prev = null;
      for (Slot s = table[at]; s != null; prev = s, s = s.next) {
        if (s == gone) {
          if (prev == null) {
            table[at] = s.next;
          } else {
            prev.next = s.next;
          }
          size--;
          removed = true;
          break;
        }
      }
    }
    if (removed && table.length > FIRST_CAPACITY && size < table.length / 8) {
      resize(Math.max(FIRST_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 4));
    }
  }

  private void resize(int capacity) {
    Slot[] now = new Slot[capacity];
    for (Slot head : table) {
      for (Slot s = head; s != null; ) {
        Slot next = s.next;
        int at = s.hash & (capacity - 1);
        s.next = now[at];
        now[at] = s;
        s = next;
      }
    }
    table = now;
  }

  /** Mixes high bits into low ones: records' hashes often differ only in their high bits. */
  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
