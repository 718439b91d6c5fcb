package io.costcred.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
  private static final String JCMD =
      """
      12345:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:        120000        9600000  [B (java.base@17.0.15)
         2:        100000        2400000  java.lang.String (java.base@17.0.15)
         3:         20000         960000  io.costcred.api.v1alpha1.CostCredentialStatus
         4:          1000          64000  [Ljava.util.HashMap$Node; (java.base@17.0.15)
      Total        241000       13024000
      """;

  @Test
  void parsesRowsAndTotals() {
    ClassHistogram h = ClassHistogram.parse(JCMD);
    assertEquals(4, h.rows().size());
    assertEquals(new ClassHistogram.Row("[B", 120000, 9600000), h.rows().get(0));
    assertEquals("io.costcred.api.v1alpha1.CostCredentialStatus", h.rows().get(2).className());
    assertEquals("[Ljava.util.HashMap$Node;", h.rows().get(3).className());
    assertEquals(241000, h.totalInstances());
    assertEquals(13024000, h.totalBytes());
  }

  @Test
  void summaryKeepsTopRowsAndDividesPerObject() {
    Map<String, Object> s = ClassHistogram.parse(JCMD).summary(2, 1000);
    assertEquals(13024L, s.get("totalBytesPerObject"));
    List<?> top = (List<?>) s.get("top");
    assertEquals(2, top.size());
    assertEquals(9600L, ((Map<?, ?>) top.get(0)).get("bytesPerObject"));
  }

  @Test
  void withoutTotalLineSumsTheRows() {
    ClassHistogram h = ClassHistogram.parse("   1:  3  48  java.lang.Object\n   2:  1  16  Foo\n");
    assertEquals(4, h.totalInstances());
    assertEquals(64, h.totalBytes());
  }

  @Test
  void unreachableProcessGivesAnEmptyHistogram() {
    ClassHistogram h = ClassHistogram.parse("12345: Unable to open socket file");
    assertEquals(0, h.rows().size());
    assertEquals(0, h.totalBytes());
  }
}
