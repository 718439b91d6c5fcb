package io.costcred.operator.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link JvmHeapTest} in a JVM of its own: keeps ~48 MiB of a 160 MiB burst in the old
 * generation, then prints the old generation after a plain full collection and after {@link
 * JvmHeap#compact} at 10 %, and the free ratios after it, as {@code key=value} lines.
 */
final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    var found = JvmHeap.find();
    out.println("pool=" + found.map(JvmHeap::name).orElse("none"));
    if (found.isEmpty()) {
      return;
    }
    JvmHeap heap = found.get();
    List<byte[]> burst = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      burst.add(new byte[1 << 20]);
    }
    System.gc(); // all of it in the old generation
    List<byte[]> kept = new ArrayList<>();
    for (int i = 0; i < burst.size(); i += 10) {
      for (int j = 0; j < 3; j++) {
        kept.add(burst.get(i + j));
      }
    }
    burst.clear();
    System.gc();
    out.println("gc.used=" + usedAfterFullCollection());
    out.println("gc.committed=" + heap.oldCommitted());
    heap.compact(10);
    out.println("compact.used=" + usedAfterFullCollection());
    out.println("compact.committed=" + heap.oldCommitted());
    var flags = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    for (String f : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio")) {
      out.println("after." + f + "=" + flags.getVMOption(f).getValue());
    }
    out.println("kept=" + kept.size());
  }

  /** What the last full collection left in the old generation. */
  private static long usedAfterFullCollection() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(JvmHeap::isOld)
        .findFirst()
        .orElseThrow()
        .getCollectionUsage()
        .getUsed();
  }
}
