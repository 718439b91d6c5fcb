package io.costcred.operator.runtime;

import io.costcred.operator.core.Periodic;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a burst left behind (decision D54). The serial collector shrinks its old
 * generation only at a full collection, and keeps up to {@code MaxHeapFreeRatio} of it free then
 * (30 % with the chart's flags); a burst (a start, thousands of first rotations, a rollout of many
 * consumers) grows the old generation, and an idle operator may not reach a full collection for
 * hours. The JDK has a periodic collection for G1 only.
 *
 * <p>Every period this reads what is committed to the old generation. When it did not grow during
 * the last period (no expansion under way) and has grown by at least {@code minGrowth} bytes since
 * the last compaction left it (or since start, or since the collector shrank it), it runs one full
 * collection with the free ratio lowered to {@code freeRatio} percent for that collection only, so
 * that the heap is left just above the live set. Bursts keep the ratios of the JVM flags.
 *
 * <p>Backoff: a compaction whose gain the heap takes back within four of the current waits (a burst
 * still under way, or scrapes and re-verifications that need the room) doubles the wait before the
 * next one, up to {@value #MAX_WAIT_PERIODS} periods; one that holds resets it to one period. A
 * heap that cannot shrink (one held up by {@code -Xms}) is compacted once, not every period.
 */
public final class HeapCompactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeapCompactor.class);

  /** Longest wait between two compactions, in periods, when each one's gain is soon undone. */
  static final int MAX_WAIT_PERIODS = 4;

  /** Default growth of the committed old generation since the last compaction worth another. */
  public static final long DEFAULT_MIN_GROWTH = 8L << 20;

  /** Default free share of the heap a compaction leaves, percent. */
  public static final int DEFAULT_FREE_RATIO = 10;

  /** What the compactor reads and does: the JVM's ({@link JvmHeap}), or a test's. */
  public interface Heap {
    /** Bytes committed to the old generation now. */
    long oldCommitted();

    /** One full collection that leaves at most {@code freeRatio} percent of the heap free. */
    void compact(int freeRatio);
  }

  private final Heap heap;
  private final Duration period;
  private final long minGrowth;
  private final int freeRatio;
  private final AtomicLong compactions = new AtomicLong();
  private long lastCommitted = -1;

  /**
   * What the last compaction left committed, or less when the collector shrank it since: growth
   * above it is what a burst added. A floor the heap cannot go below is never a reason for the next
   * compaction.
   */
  private long floor;

  /** Periods to wait after a compaction before the next one. */
  private int wait = 1;

  /** Checks so far, and the check that last compacted. */
  private long periods;

  private long lastCompaction = Long.MIN_VALUE / 2;

  private ScheduledExecutorService executor;
  private boolean failed;

  /**
   * @param period between checks; zero or negative: never
   * @param minGrowth growth of the committed old generation since the last compaction worth another
   * @param freeRatio percent of the heap a compaction leaves free
   */
  public HeapCompactor(Heap heap, Duration period, long minGrowth, int freeRatio) {
    if (freeRatio < 0 || freeRatio >= 100) {
      throw new IllegalArgumentException("free ratio must be 0-99: " + freeRatio);
    }
    this.heap = heap;
    this.period = period;
    this.minGrowth = minGrowth;
    this.freeRatio = freeRatio;
  }

  /** Starts the checks (idempotent); with a zero or negative period, or after a failure, none. */
  public synchronized void start() {
    if (executor != null || failed || period.isZero() || period.isNegative()) {
      return;
    }
    executor = Periodic.every("heap-compactor", period, this::safeTick);
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  /** Compactions run so far. */
  public long compactions() {
    return compactions.get();
  }

  /**
   * A check whose failure (a JVM that refuses the flag change) turns compaction off for good, with
   * one warning: it would fail the same way every period, and the operator works without it.
   */
  synchronized void safeTick() {
    if (failed) {
      return;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("heap compaction off after a failure: {}", e.toString());
      failed = true;
      close();
    }
  }

  /** One check; true when it compacted. */
  synchronized boolean tick() {
    periods++;
    long committed = heap.oldCommitted();
    boolean growing = lastCommitted < 0 || committed > lastCommitted;
    lastCommitted = committed;
    floor = Math.min(floor, committed);
    if (growing || committed - floor < minGrowth || periods - lastCompaction < wait) {
      return false;
    }
    boolean undone = periods - lastCompaction < 4L * wait;
    wait = undone ? Math.min(wait * 2, MAX_WAIT_PERIODS) : 1;
    heap.compact(freeRatio);
    compactions.incrementAndGet();
    lastCompaction = periods;
    floor = heap.oldCommitted();
    lastCommitted = floor;
    LOG.debug(
        "heap compacted: old generation {} MiB committed, now {} MiB; next at the earliest in {}"
            + " periods",
        committed >> 20,
        floor >> 20,
        wait);
    return true;
  }
}
