package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartComparisonTest {
  private static Map<String, Object> tool(double p50, double p90, double rss, double requests) {
    return tool(p50, p90, Map.of("rssMiB", rss), requests);
  }

  /** The operator's memory: also RSS and live heap after a full GC. */
  private static Map<String, Object> jvm(
      double p50, double p90, double rss, double live, double requests) {
    return tool(
        p50,
        p90,
        Map.of("rssMiB", rss, "rssAfterFullGcMiB", rss / 2, "liveHeapMiB", live),
        requests);
  }

  /** Reloader's memory with the live heap its last collection marked (gctrace). */
  private static Map<String, Object> go(double liveHeapMiB) {
    return tool(10, 20, Map.of("rssMiB", 50.0, "liveHeapMiB", liveHeapMiB), 0);
  }

  private static Map<String, Object> tool(
      double p50, double p90, Map<String, Object> memory, double requests) {
    return Map.of(
        "latency", Map.of("secretToTemplateMs", Map.of("p50", p50, "p90", p90)),
        "memory", memory,
        "idle", Map.of("requestsPerMinuteExcludingLeases", requests, "cpuPercentOfOneCore", 0.5));
  }

  @Test
  void ratiosAreCostcredOverReloaderAndTheSlopeIsPerExtraObject() {
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("1000", Map.of("reloader", tool(10, 20, 40, 0), "costcred", jvm(20, 30, 100, 30, 2)));
    sizes.put("5000", Map.of("reloader", tool(10, 20, 50, 0), "costcred", jvm(5, 30, 120, 40, 2)));

    List<Map<String, Object>> rows = RestartComparison.of(sizes);

    assertThat(rows).hasSize(17);
    assertThat(rows.get(0))
        .containsEntry("figure", "Secret write -> template changed, p50 ms at 1000 objects")
        .containsEntry("reloader", 10.0)
        .containsEntry("costcred", 20.0)
        .containsEntry("ratio", 2.0);
    assertThat(rows.get(7)).containsEntry("ratio", 0.5);
    // no ratio against zero requests
    assertThat(rows.get(5)).containsEntry("reloader", 0.0).containsEntry("ratio", null);
    // the JVM-only rows have no Reloader figure and no ratio
    assertThat(rows.get(3))
        .containsEntry("figure", "RSS after a full GC, MiB (JVM only) at 1000 objects")
        .containsEntry("reloader", null)
        .containsEntry("costcred", 50.0)
        .containsEntry("ratio", null);
    assertThat(rows.get(4))
        .containsEntry(
            "figure",
            "live heap after a collection, MiB (JVM: full GC; Go: last GC, gctrace) at 1000"
                + " objects")
        .containsEntry("reloader", null)
        .containsEntry("costcred", 30.0)
        .containsEntry("ratio", null);
    // (50-40) MiB over 4000 objects = 2.56 KiB; (120-100) MiB = 5.12 KiB
    assertThat(rows.get(14))
        .containsEntry("figure", "RSS per extra managed object, KiB (1000 -> 5000)")
        .containsEntry("reloader", 2.56)
        .containsEntry("costcred", 5.12)
        .containsEntry("ratio", 2.0);
    assertThat(rows.get(15)).containsEntry("costcred", 2.56);
    // (40-30) MiB over 4000 objects
    assertThat(rows.get(16))
        .containsEntry("figure", "live heap per extra managed object, KiB (1000 -> 5000)")
        .containsEntry("costcred", 2.56);
  }

  @Test
  void aReloaderRssThatShrankBetweenSizesGivesNoRatio() {
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("1000", Map.of("reloader", tool(10, 20, 50, 0), "costcred", jvm(20, 30, 100, 30, 2)));
    sizes.put("5000", Map.of("reloader", tool(10, 20, 48, 0), "costcred", jvm(5, 30, 120, 40, 2)));

    Map<String, Object> slope = RestartComparison.of(sizes).get(14);

    assertThat(slope)
        .containsEntry("figure", "RSS per extra managed object, KiB (1000 -> 5000)")
        .containsEntry("reloader", -0.51)
        .containsEntry("costcred", 5.12)
        .containsEntry("ratio", null);
  }

  @Test
  void theLiveHeapSlopeComparesTheJvmsFullGcWithGosLastCollection() {
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("1000", Map.of("reloader", go(6.0), "costcred", jvm(20, 30, 100, 30, 2)));
    sizes.put("5000", Map.of("reloader", go(11.0), "costcred", jvm(5, 30, 120, 40, 2)));

    List<Map<String, Object>> rows = RestartComparison.of(sizes);

    assertThat(rows.get(4)).containsEntry("reloader", 6.0).containsEntry("ratio", 5.0);
    // (11-6) MiB and (40-30) MiB over 4000 objects: 1.28 and 2.56 KiB
    assertThat(rows.get(16))
        .containsEntry("figure", "live heap per extra managed object, KiB (1000 -> 5000)")
        .containsEntry("reloader", 1.28)
        .containsEntry("costcred", 2.56)
        .containsEntry("ratio", 2.0);
  }

  @Test
  void withoutReloaderTheOperatorColumnStandsAlone() {
    Map<String, Object> sizes = Map.of("1000", Map.of("costcred", tool(20, 30, 100, 2)));

    List<Map<String, Object>> rows = RestartComparison.of(sizes);

    assertThat(rows).hasSize(7);
    assertThat(rows.get(0)).containsEntry("reloader", null).containsEntry("ratio", null);
    assertThat(RestartComparison.markdown(rows))
        .startsWith("| | Reloader | costcred | costcred / Reloader |")
        .contains("| Secret write -> template changed, p50 ms at 1000 objects | - | 20.0 | - |");
  }
}
