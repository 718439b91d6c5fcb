package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteMixTest {
  private static Map<String, Double> delta() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("PUT costcredentials/status", 700.0);
    d.put("PATCH costcredentials", 100.0);
    d.put("POST secrets", 100.0);
    d.put("PUT secrets", 200.0);
    d.put("POST events", 200.0);
    d.put("PATCH events", 50.0);
    d.put("GET secrets", 900.0);
    d.put("WATCH costcredentials", 3.0);
    d.put("PUT leases", 60.0);
    d.put("PATCH nodes/status", 12.0);
    d.put("DELETE secrets", 10.0);
    d.put("POST selfsubjectrulesreviews", 1.0);
    return d;
  }

  @Test
  void groupsTheWritesPerCredentialAndLeavesReadsAndBackgroundOut() {
    Map<String, Object> m = WriteMix.perRotation(delta(), 100);
    assertThat(m)
        .containsEntry("statusPuts", 7.0)
        .containsEntry("patches", 1.0)
        .containsEntry("secretCreates", 1.0)
        .containsEntry("secretUpdates", 2.0)
        .containsEntry("events", 2.5)
        .containsEntry("other", 0.1)
        .containsEntry("total", 13.6);
    @SuppressWarnings("unchecked")
    Map<String, Object> detail = (Map<String, Object>) m.get("byVerbAndResource");
    assertThat(detail)
        .containsEntry("PUT costcredentials/status", 7.0)
        .doesNotContainKeys(
            "GET secrets", "PUT leases", "PATCH nodes/status", "POST selfsubjectrulesreviews");
  }

  @Test
  void namesTheGroupOfEachWrite() {
    assertThat(WriteMix.group("PATCH costcredentials/status")).isEqualTo("statusPatches");
    assertThat(WriteMix.group("PATCH secrets")).isEqualTo("secretUpdates");
    assertThat(WriteMix.group("POST events")).isEqualTo("events");
    assertThat(WriteMix.group("PATCH deployments")).isEqualTo("patches");
    assertThat(WriteMix.group("APPLY costcredentials")).isEqualTo("patches");
    assertThat(WriteMix.group("POST costcredentials")).isEqualTo("other");
    assertThat(WriteMix.kindOf("secretCreates")).isEqualTo("secret");
    assertThat(WriteMix.kindOf("events")).isEqualTo("event");
    assertThat(WriteMix.kindOf("statusPuts")).isEqualTo("status");
  }

  @Test
  void impliedLimitAddsTheTimeOfEachGroupAtItsKindsRate() {
    Map<String, Object> per = new LinkedHashMap<>();
    per.put("statusPuts", 4.0);
    per.put("secretUpdates", 2.0);
    per.put("events", 4.0);
    per.put("total", 10.0);
    per.put("byVerbAndResource", Map.of("PUT costcredentials/status", 4.0));
    Map<String, Object> limit =
        WriteMix.impliedLimit(
            per, Map.of("status", 400.0, "secret", 200.0, "event", 800.0), 10_000);
    // 40,000 / 400 + 20,000 / 200 + 40,000 / 800 = 100 + 100 + 50 s for 100,000 writes
    assertThat(limit)
        .containsEntry("writes", 100_000L)
        .containsEntry("minimumSeconds", 250.0)
        .containsEntry("writesPerSecond", 400.0)
        .containsEntry("firstRotationsPerSecond", 40.0);
    assertThat(WriteMix.sentence(limit))
        .isEqualTo(
            "10,000 first rotations need 100,000 writes; at the measured 400 writes/s that is"
                + " 250.0 s minimum (40.0 first rotations/s)");
  }

  @Test
  void noLimitWithoutARateForEveryKindUsed() {
    Map<String, Object> per = new LinkedHashMap<>();
    per.put("events", 1.0);
    assertThat(WriteMix.impliedLimit(per, Map.of("status", 10.0), 100)).isEmpty();
    assertThat(WriteMix.sentence(Map.of())).isEmpty();
  }
}
