package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  @Test
  void committedPerCategoryThenTotal() {
    String text =
        """
        12345:

        Native Memory Tracking:

        (Omitting categories weighting less than 1KB)

        Total: reserved=1834312KB, committed=402128KB
               malloc: 60000KB #123456
               mmap:   reserved=1774312KB, committed=342128KB

        -                 Java Heap (reserved=196608KB, committed=196608KB)
                                    (mmap: reserved=196608KB, committed=196608KB)

        -                     Class (reserved=1050000KB, committed=61440KB)
                                    (classes #10430)

        -                        GC (reserved=1024KB, committed=1024KB)
        """;
    assertThat(NativeMemory.committedMiB(text))
        .containsExactly(
            java.util.Map.entry("Java Heap", 192.0),
            java.util.Map.entry("Class", 60.0),
            java.util.Map.entry("GC", 1.0),
            java.util.Map.entry("Total", 392.7));
  }

  @Test
  void trackingOffGivesNothing() {
    assertThat(NativeMemory.committedMiB("12345:\nNative memory tracking is not enabled\n"))
        .isEmpty();
  }
}
