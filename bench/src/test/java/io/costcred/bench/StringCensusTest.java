package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump of this JVM holding 500 keys three times each and 500 once: the census counts them. */
class StringCensusTest {
  private static final List<String> HELD = new ArrayList<>();

  @Test
  void countsTheCopiesOfEachValueByShape(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 500; i++) {
      String key = "census-ns-" + i + "/census-cc-" + i;
      HELD.add(key);
      HELD.add(new String(key)); // shares the byte array: only the String is extra
      HELD.add(new StringBuilder(key).toString()); // a byte array of its own too
      HELD.add("census-single-" + i + "-x");
    }
    String token = "vntg_tkn_" + "Q7xZ2mK9pL4wR8vT3nB6";
    HELD.add(token);
    HELD.add(new StringBuilder(token).toString());
    Path file = dir.resolve("census.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpHeap(file.toString(), true);

    List<StringCensus.Row> rows = StringCensus.census(file);

    StringCensus.Row keys =
        rows.stream()
            .filter(r -> r.shape().equals("census-ns-N/census-cc-N"))
            .findFirst()
            .orElseThrow();
    assertThat(keys.values()).isEqualTo(500);
    assertThat(keys.strings()).isEqualTo(1500);
    assertThat(keys.arrays()).isEqualTo(1000);
    assertThat(keys.copiesPerValue()).isEqualTo(3.0);
    // per value: two extra Strings (2 x 24) and one extra array (16 + ~27 characters -> 48)
    assertThat(keys.extraBytes()).isBetween(500L * (48 + 40), 500L * (48 + 48));
    assertThat(rows).noneMatch(r -> r.shape().startsWith("census-single-"));
    assertThat(StringCensus.table(rows, 50)).contains("`census-ns-N/census-cc-N`", "| 3.00 |");
    assertThat(StringCensus.table(rows, rows.size()))
        .doesNotContain("Q7xZ2mK9pL4wR8vT3nB6", "tkn_Q")
        .contains("`<opaque>`");
    assertThat(HELD).hasSize(2002);
  }
}
