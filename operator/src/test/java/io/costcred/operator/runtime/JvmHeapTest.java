package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link JvmHeap} on a real JVM started with the chart's collector flags: a compaction leaves the
 * old generation just above its live set, where a plain full collection leaves the chart's 30 %
 * free, and the JVM's ratios are set back afterwards.
 */
class JvmHeapTest {
  /**
   * The chart's collector flags (values.yaml jvmOptions) in its 384Mi container: the initial heap
   * follows the memory limit (an initial heap is a floor the old generation never shrinks below).
   */
  private static final List<String> CHART_GC =
      List.of(
          "-XX:MaxRAM=384m",
          "-XX:MaxRAMPercentage=50",
          "-XX:+UseSerialGC",
          "-Xmn16m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30",
          "-XX:-ShrinkHeapInSteps");

  @Test
  void aCompactionLeavesTheOldGenerationAtTheRatioItAsksAndRestoresTheFlags() throws Exception {
    Map<String, String> out = child(CHART_GC);

    assertThat(out).containsEntry("pool", "Tenured Gen");
    long live = Long.parseLong(out.get("gc.used"));
    long plain = Long.parseLong(out.get("gc.committed"));
    long compacted = Long.parseLong(out.get("compact.committed"));
    assertThat(live).as("what the probe keeps").isGreaterThan(30L << 20);
    // A plain full collection: up to 30 % free.
    assertThat((double) plain / live).isGreaterThan(1.3);
    // The compaction at 10 %: at most 10 % free (and the serial collector's alignment).
    assertThat((double) compacted).isLessThanOrEqualTo(live / 0.9 + (1 << 20));
    assertThat(out).containsEntry("after.MinHeapFreeRatio", "10");
    assertThat(out).containsEntry("after.MaxHeapFreeRatio", "30");
  }

  @Test
  void aJvmThatRefusesExplicitCollectionsHasNothingToCompact() throws Exception {
    List<String> flags = new ArrayList<>(CHART_GC);
    flags.add("-XX:+DisableExplicitGC");
    assertThat(child(flags)).containsEntry("pool", "none");
  }

  private static Map<String, String> child(List<String> flags)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(HeapProbe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    Map<String, String> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
