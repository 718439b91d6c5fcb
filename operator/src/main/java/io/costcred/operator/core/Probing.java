package io.costcred.operator.core;

/**
 * Linear probing for the operator's open-addressing tables (parallel arrays kept per cached object
 * instead of map nodes): where a hash starts, and how a removal closes its gap.
 */
public final class Probing {
  private Probing() {}

  /** A table's slots, as {@link #closeGap} sees them. */
  public interface Slots {
    /** True when slot {@code at} holds an entry. */
    boolean used(int at);

    /** The slot the entry at {@code at} hashes to. */
    int home(int at);

    /** Moves the entry at {@code from} to the empty slot {@code to}, leaving {@code from} empty. */
    void move(int from, int to);
  }

  /** The slot a hash starts probing at, in a table of {@code mask + 1} slots (a power of two). */
  public static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /**
   * After slot {@code gap} was emptied, moves back each entry after it that probed past it, so that
   * every entry stays reachable from its home slot without tombstones.
   */
  public static void closeGap(Slots slots, int gap, int mask) {
    for (int at = (gap + 1) & mask; slots.used(at); at = (at + 1) & mask) {
      int home = slots.home(at);
      if (((at - home) & mask) >= ((at - gap) & mask)) {
        slots.move(at, gap);
        gap = at;
      }
    }
  }
}
