package io.costcred.operator.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Optional;

/**
 * The running JVM's old generation for {@link HeapCompactor}: its pool's usage, and a full
 * collection with the heap free ratios ({@code MinHeapFreeRatio}, {@code MaxHeapFreeRatio}, flags
 * HotSpot lets a running JVM change) lowered for that collection and then set back.
 */
public final class JvmHeap implements HeapCompactor.Heap {
  private static final String MIN = "MinHeapFreeRatio";
  private static final String MAX = "MaxHeapFreeRatio";

  /** The ratios are the JVM's: two compactors in one JVM (tests) must not interleave. */
  private static final Object FLAGS = new Object();

  private final MemoryPoolMXBean old;
  private final HotSpotDiagnosticMXBean flags;

  JvmHeap(MemoryPoolMXBean old, HotSpotDiagnosticMXBean flags) {
    this.old = old;
    this.flags = flags;
  }

  /**
   * The JVM's old generation, or empty: no pool kept apart from the young objects, a JVM without
   * HotSpot's flags, or explicit collections disabled ({@code -XX:+DisableExplicitGC}).
   */
  public static Optional<JvmHeap> find() {
    HotSpotDiagnosticMXBean flags =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (flags == null || Boolean.parseBoolean(flags.getVMOption("DisableExplicitGC").getValue())) {
      return Optional.empty();
    }
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && isOld(p))
        .findFirst()
        .map(p -> new JvmHeap(p, flags));
  }

  /** Serial's "Tenured Gen", parallel's "PS Old Gen", G1's "G1 Old Gen". */
  static boolean isOld(MemoryPoolMXBean p) {
    String name = p.getName();
    return name.contains("Old") || name.contains("Tenured");
  }

  /** The pool's name. */
  public String name() {
    return old.getName();
  }

  @Override
  public long oldCommitted() {
    return old.getUsage().getCommitted();
  }

  @Override
  public void compact(int freeRatio) {
    synchronized (FLAGS) {
      compactLocked(freeRatio);
    }
  }

  private void compactLocked(int freeRatio) {
    int min = ratio(MIN);
    int max = ratio(MAX);
    int lowMax = Math.min(max, freeRatio);
    int lowMin = Math.min(min, lowMax);
    // MinHeapFreeRatio <= MaxHeapFreeRatio at every step: lower the minimum first, raise it last.
    // Both are set back whatever fails, so a refused change never leaves the JVM's ratios lowered.
    try {
      flags.setVMOption(MIN, Integer.toString(lowMin));
      flags.setVMOption(MAX, Integer.toString(lowMax));
      System.gc(); // the point of this class: one full collection, the heap left just above live
    } finally {
      flags.setVMOption(MAX, Integer.toString(max));
      flags.setVMOption(MIN, Integer.toString(min));
    }
  }

  private int ratio(String name) {
    return Integer.parseInt(flags.getVMOption(name).getValue());
  }
}
