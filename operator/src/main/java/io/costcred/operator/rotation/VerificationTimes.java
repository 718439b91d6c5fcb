package io.costcred.operator.rotation;

import io.costcred.operator.core.CompactIds;
import io.costcred.operator.core.Probing;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * When each credential's token was last verified, by the credential's uid: open addressing over
 * parallel arrays of the uid's two halves and the instant's seconds and nanoseconds, 29 bytes a
 * slot. A map from a {@code UUID} to an {@code Instant} cost a 32-byte node, the 32-byte UUID and a
 * 24-byte Instant (94 bytes a credential, measured by {@code HeapOwners}). A uid that is not a
 * canonical UUID (no API server gives one, tests may) is kept in a map beside.
 *
 * <p>Synchronized: reconciles of different credentials read and write it at once, one entry each.
 */
final class VerificationTimes implements Probing.Slots {
  private static final int FIRST_CAPACITY = 16;

  private long[] high = new long[FIRST_CAPACITY];
  private long[] low = new long[FIRST_CAPACITY];
  private long[] seconds = new long[FIRST_CAPACITY];
  private int[] nanos = new int[FIRST_CAPACITY];
  private boolean[] used = new boolean[FIRST_CAPACITY];
  private int size;
  private final Map<String, Instant> other = new HashMap<>();

  synchronized Instant get(String uid) {
    UUID u = uuid(uid);
    if (u == null) {
      return other.get(uid);
    }
    int at = find(u);
    return at < 0 ? null : Instant.ofEpochSecond(seconds[at], nanos[at]);
  }

  synchronized void put(String uid, Instant time) {
    UUID u = uuid(uid);
    if (u == null) {
      other.put(uid, time);
      return;
    }
    int at = find(u);
    if (at < 0) {
      if ((size + 1) * 3 > used.length * 2) {
        resize(used.length * 2);
      }
      at = free(u);
      used[at] = true;
      high[at] = u.getMostSignificantBits();
      low[at] = u.getLeastSignificantBits();
      size++;
    }
    seconds[at] = time.getEpochSecond();
    nanos[at] = time.getNano();
  }

  /** The time kept for {@code uid}, or {@code first}'s, which is kept. */
  synchronized Instant computeIfAbsent(String uid, Supplier<Instant> first) {
    Instant known = get(uid);
    if (known != null) {
      return known;
    }
    Instant made = first.get();
    put(uid, made);
    return made;
  }

  synchronized void remove(String uid) {
    UUID u = uuid(uid);
    if (u == null) {
      other.remove(uid);
      return;
    }
    int at = find(u);
    if (at < 0) {
      return;
    }
    used[at] = false;
    size--;
    Probing.closeGap(this, at, used.length - 1);
    if (used.length > FIRST_CAPACITY && size * 8 < used.length) {
      resize(used.length / 2);
    }
  }

  synchronized int size() {
    return size + other.size();
  }

  /** Slots allocated (tests). */
  synchronized int capacity() {
    return used.length;
  }

  /** The uid as a UUID when it is one in canonical form ({@link CompactIds#uid}), else null. */
  private static UUID uuid(String uid) {
    return CompactIds.uid(uid) instanceof UUID u ? u : null;
  }

  private int find(UUID u) {
    int mask = used.length - 1;
    for (int at = slot(u.getMostSignificantBits(), u.getLeastSignificantBits(), mask);
        used[at];
        at = (at + 1) & mask) {
      if (high[at] == u.getMostSignificantBits() && low[at] == u.getLeastSignificantBits()) {
        return at;
      }
    }
    return -1;
  }

  private int free(UUID u) {
    int mask = used.length - 1;
    int at = slot(u.getMostSignificantBits(), u.getLeastSignificantBits(), mask);
    while (used[at]) {
      at = (at + 1) & mask;
    }
    return at;
  }

  @Override
  public boolean used(int at) {
    return used[at];
  }

  @Override
  public int home(int at) {
    return slot(high[at], low[at], used.length - 1);
  }

  @Override
  public void move(int from, int to) {
    used[to] = true;
    high[to] = high[from];
    low[to] = low[from];
    seconds[to] = seconds[from];
    nanos[to] = nanos[from];
    used[from] = false;
  }

  private void resize(int capacity) {
    long[] h = high;
    long[] l = low;
    long[] s = seconds;
    int[] n = nanos;
    boolean[] u = used;
    high = new long[capacity];
    low = new long[capacity];
    seconds = new long[capacity];
    nanos = new int[capacity];
    used = new boolean[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < u.length; i++) {
      if (u[i]) {
        int at = slot(h[i], l[i], mask);
        while (used[at]) {
          at = (at + 1) & mask;
        }
        used[at] = true;
        high[at] = h[i];
        low[at] = l[i];
        seconds[at] = s[i];
        nanos[at] = n[i];
      }
    }
  }

  private static int slot(long high, long low, int mask) {
    long h = high ^ low;
    return Probing.slot((int) (h ^ (h >>> 32)), mask);
  }
}
