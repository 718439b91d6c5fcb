package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.bench.EmergencySamples.Emergency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmergencySamplesTest {
  private static final long MS = 1_000_000L;

  private static Emergency done(long t0, long k8s, long bao, long sm, long flagged, long done) {
    Emergency e = new Emergency("cc-00001", "reason", "old", t0);
    assertThat(e.saw(0, "old", t0 + MS)).isFalse(); // the old value does not count
    assertThat(e.saw(0, null, t0 + MS)).isFalse();
    e.saw(0, "new", t0 + k8s * MS);
    e.saw(1, "new", t0 + bao * MS);
    e.saw(2, "new", t0 + sm * MS);
    e.flagged = t0 + flagged * MS;
    e.completed = t0 + done * MS;
    e.conditionTrue = t0 + done * MS;
    e.revocation = "AwaitingManualRevocation";
    return e;
  }

  @Test
  void latencyIsTheLastStoreOrTheFlagWhicheverComesLater() {
    EmergencySamples s = new EmergencySamples();
    s.add(done(0, 100, 300, 200, 250, 900));
    s.add(done(5_000 * MS, 50, 60, 70, 400, 500));
    Map<String, Object> out = s.summary();
    assertThat(out.get("latencySamplesMs")).isEqualTo(List.of(300.0, 400.0));
    assertThat(Report.get(out, "newTokenInEveryStoreMs", "max")).isEqualTo(300.0);
    assertThat(Report.get(out, "newTokenSeenPerStoreMs", "openBao", "max")).isEqualTo(300.0);
    assertThat(Report.get(out, "newTokenSeenPerStoreMs", "secretsManager", "min")).isEqualTo(70.0);
    assertThat(Report.get(out, "rolloutWaitMs", "min")).isEqualTo(100.0);
    assertThat(Report.get(out, "completedIncludingRolloutMs", "max")).isEqualTo(900.0);
    assertThat((List<?>) out.get("problems")).isEmpty();
  }

  @Test
  void theFirstNewValueCountsNotALaterOne() {
    Emergency e = new Emergency("cc", "r", "old", 0);
    assertThat(e.saw(1, "new", 10)).isTrue();
    assertThat(e.saw(1, "newer", 20)).isTrue();
    assertThat(e.seenAt[1]).isEqualTo(10);
    assertThat(e.newToken[1]).isEqualTo("new");
    assertThat(e.storesAt()).isZero(); // the other stores have not been seen
  }

  @Test
  void differentTokensInTheStoresAreAProblem() {
    Emergency e = done(0, 10, 20, 30, 40, 50);
    e.newToken[2] = "something else";
    EmergencySamples s = new EmergencySamples();
    s.add(e);
    assertThat((List<?>) s.summary().get("problems"))
        .singleElement()
        .asString()
        .contains("secretsManager holds a different new token");
  }

  @Test
  void anIncompleteEmergencyIsATimeoutNotASample() {
    Emergency e = new Emergency("cc-00002", "r", "old", 0);
    e.saw(0, "new", 10);
    EmergencySamples s = new EmergencySamples();
    s.add(e);
    Map<String, Object> out = s.summary();
    assertThat(out.get("samples")).isEqualTo(0);
    assertThat((List<?>) out.get("problems"))
        .singleElement()
        .asString()
        .contains("cc-00002: timed out")
        .contains("kubernetesSecret yes")
        .contains("openBao no");
  }
}
