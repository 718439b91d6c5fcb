package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Per-credential series, their removal on delete, the cap, and the series count at 10,000. */
class OperatorMetricsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-05-20T09:00:00Z"), ZoneOffset.UTC);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void conditionsAndTimestampsPerCredential() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK);
    CostCredential cr = credential("finops", "cc", "Degraded", "Ready");
    cr.getStatus().getConditions().get(1).setStatus("False");
    m.observed(cr);
    Map<String, String> s = samples();
    String id = "name=\"cc\",namespace=\"finops\"";
    assertThat(s)
        .containsEntry(
            "costcred_credential_condition{" + id + ",status=\"true\",type=\"Degraded\"}", "1.0")
        .containsEntry(
            "costcred_credential_condition{" + id + ",status=\"true\",type=\"Ready\"}", "0.0")
        .containsEntry(
            "costcred_credential_condition{" + id + ",status=\"true\",type=\"Rotating\"}", "0.0")
        .containsEntry("costcred_last_rotation_timestamp_seconds{" + id + "}", "1.777626E9")
        .containsEntry("costcred_next_rotation_timestamp_seconds{" + id + "}", "1.7850564E9");
  }

  @Test
  void deletingACredentialRemovesEverySeriesItCaused() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK);
    int baseline = samples().size();
    CostCredential a = credential("finops", "a", "Ready");
    CostCredential b = credential("finops", "b", "Ready");
    CostCredential c = credential("other", "c", "Ready");
    List.of(a, b, c).forEach(m::observed);
    m.rotation(a, RotationTrigger.Scheduled, RotationOutcome.Failed, Duration.ZERO);
    m.rotation(c, RotationTrigger.Manual, RotationOutcome.Failed, Duration.ZERO);
    m.emergency(c, "started", "leak");
    m.restarted(a, "Deployment", "shared");
    m.restarted(b, "Deployment", "shared");
    m.restarted(c, "StatefulSet", "db");
    m.forget(c);
    assertThat(String.join("\n", samples().keySet()))
        .doesNotContain("namespace=\"other\"")
        .contains("costcred_workload_restarts_total{kind=\"Deployment\",name=\"shared\"");
    m.forget(a);
    assertThat(samples().keySet()).anyMatch(k -> k.contains("name=\"shared\""));
    m.forget(b);
    // Only series that name no credential remain (rotation durations have no namespace label).
    assertThat(samples().keySet()).noneMatch(k -> k.contains("namespace="));
    assertThat(samples().size()).isEqualTo(baseline);
  }

  @Test
  void beyondTheCapCredentialsAreCountedNotExported() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK, 2);
    CostCredential a = credential("ns", "a");
    m.observed(a);
    m.observed(credential("ns", "b"));
    m.observed(credential("ns", "c"));
    m.observed(credential("ns", "c"));
    Map<String, String> s = samples();
    assertThat(s).containsEntry("costcred_metrics_credentials_dropped_total", "1.0");
    assertThat(s).containsEntry("costcred_metrics_credentials_tracked", "2.0");
    assertThat(s.keySet()).noneMatch(k -> k.contains("name=\"c\""));
    m.forget(a);
    m.observed(credential("ns", "c"));
    assertThat(samples().keySet()).anyMatch(k -> k.contains("name=\"c\""));
  }

  /** Restarts count per workload; a series goes with the last credential that restarted it. */
  @Test
  void restartSeriesFollowTheCredentialsThatRestartedThem() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK);
    CostCredential a = credential("finops", "a", "Ready");
    CostCredential b = credential("finops", "b", "Ready");
    m.restarted(a, "Deployment", "web");
    m.restarted(a, "Deployment", "api");
    m.restarted(a, "Deployment", "web");
    m.restarted(b, "Deployment", "web");
    m.restarted(b, "StatefulSet", "db");
    String web =
        "costcred_workload_restarts_total{kind=\"Deployment\",name=\"web\",namespace=\"finops\"}";
    String api =
        "costcred_workload_restarts_total{kind=\"Deployment\",name=\"api\",namespace=\"finops\"}";
    String db =
        "costcred_workload_restarts_total{kind=\"StatefulSet\",name=\"db\",namespace=\"finops\"}";
    assertThat(samples())
        .containsEntry(web, "3.0")
        .containsEntry(api, "1.0")
        .containsEntry(db, "1.0");
    m.forget(a);
    assertThat(samples()).containsEntry(web, "3.0").containsEntry(db, "1.0").doesNotContainKey(api);
    m.restarted(b, "Deployment", "web");
    assertThat(samples()).containsEntry(web, "4.0");
    m.forget(b);
    assertThat(samples().keySet()).noneMatch(k -> k.startsWith("costcred_workload_restarts_total"));
    m.restarted(a, "Deployment", "web");
    assertThat(samples()).containsEntry(web, "1.0");
  }

  /** A credential beyond the cap still keeps its namespace's counters until it is deleted. */
  @Test
  void aCredentialBeyondTheCapKeepsItsNamespaceCountersUntilItGoes() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK, 1);
    CostCredential a = credential("one", "a");
    CostCredential b = credential("two", "b");
    m.observed(a);
    m.observed(b);
    m.rotation(b, RotationTrigger.Manual, RotationOutcome.Failed, Duration.ZERO);
    m.forget(a);
    assertThat(samples().keySet()).anyMatch(k -> k.contains("namespace=\"two\""));
    assertThat(samples()).containsEntry("costcred_metrics_credentials_tracked", "0.0");
    m.forget(b);
    assertThat(samples().keySet()).noneMatch(k -> k.contains("namespace=\"two\""));
  }

  /**
   * The series bound documented in docs/observability.md: 10,000 credentials in 1,000 namespaces,
   * each restarting one workload, with a failed rotation in every namespace. The number is printed
   * to the test report (target/surefire-reports) by the assertion's description.
   */
  @Test
  void seriesAtTenThousandCredentials() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK);
    int baseline = samples().size();
    for (int i = 0; i < 10_000; i++) {
      CostCredential cr = credential("ns-" + (i % 1000), "cc-" + i, "Ready");
      m.observed(cr);
      m.restarted(cr, "Deployment", "app-" + i);
      if (i < 1000) {
        m.rotation(cr, RotationTrigger.Scheduled, RotationOutcome.Failed, Duration.ZERO);
      }
    }
    m.observed(credential("ns-0", "one-too-many", "Ready"));
    int series = samples().size() - baseline;
    // 10 gauges (5 of them conditions) and 1 restart counter per credential, 1 counter per
    // namespace.
    assertThat(series).as("series at 10,000 credentials").isEqualTo(10_000 * 11 + 1000);
    assertThat(samples()).containsEntry("costcred_metrics_credentials_dropped_total", "1.0");
  }

  /**
   * Each credential's numbers come back as it had them after its namespace's table grew, lost half
   * its members (their slots closed up) and shrank: pool counts, pending revocations and conditions
   * are packed per credential, a missing pool stays NaN.
   */
  @Test
  void everyCredentialKeepsItsOwnNumbersThroughGrowthAndRemovals() {
    OperatorMetrics m = new OperatorMetrics(registry, CLOCK);
    for (int i = 0; i < 600; i++) {
      CostCredential cr = credential("finops", "cc-" + i, i % 3 == 0 ? "Ready" : "Degraded");
      cr.getStatus().setPoolRemaining(i % 5 == 0 ? null : i);
      for (int p = 0; p < i % 4; p++) {
        cr.getStatus().getPendingRevocations().add(new PendingRevocation());
      }
      m.observed(cr);
    }
    for (int i = 0; i < 600; i += 2) {
      m.forget(credential("finops", "cc-" + i));
    }
    Map<String, String> s = samples();
    for (int i = 0; i < 600; i++) {
      String id = "{name=\"cc-" + i + "\",namespace=\"finops\"}";
      if (i % 2 == 0) {
        assertThat(s).doesNotContainKey("costcred_pool_remaining" + id);
        continue;
      }
      assertThat(s)
          .containsEntry("costcred_pool_remaining" + id, i % 5 == 0 ? "NaN" : i + ".0")
          .containsEntry("costcred_pending_revocations" + id, (i % 4) + ".0")
          .containsEntry(
              "costcred_credential_condition{name=\"cc-"
                  + i
                  + "\",namespace=\"finops\",status=\"true\",type=\"Ready\"}",
              i % 3 == 0 ? "1.0" : "0.0");
    }
  }

  private Map<String, String> samples() {
    Map<String, String> out = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return out;
  }

  private static CostCredential credential(String ns, String name, String... trueConditions) {
    CostCredential cr = new CostCredential();
    cr.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    CostCredentialStatus st = new CostCredentialStatus();
    st.setLastRotationTime("2026-05-01T09:00:00Z");
    st.setNextRotationTime("2026-07-26T09:00:00Z");
    for (String type : trueConditions) {
      Condition c = new Condition();
      c.setType(type);
      c.setStatus("True");
      st.getConditions().add(c);
    }
    cr.setStatus(st);
    return cr;
  }
}
