package io.costcred.operator.platform;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.runtime.OperatorMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names the operator really exports: {@link OperatorMetrics} is driven through every
 * callback and its Prometheus scrape is read, so alerts and dashboards cannot name a metric that
 * does not exist (Micrometer adds _seconds, _total, _count, _sum and _max).
 */
final class ExportedMetrics {
  private ExportedMetrics() {}

  static Set<String> costcredSampleNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.fixed(Instant.parse("2026-05-20T09:00:00Z"), ZoneOffset.UTC);
    OperatorMetrics metrics = new OperatorMetrics(registry, clock);
    CostCredential cr = new CostCredential();
    cr.setMetadata(new ObjectMetaBuilder().withNamespace("finops").withName("cc").build());
    CostCredentialStatus st = new CostCredentialStatus();
    st.setLastRotationTime("2026-05-01T09:00:00Z");
    st.setNextRotationTime("2026-07-30T09:00:00Z");
    st.setPoolRemaining(2);
    cr.setStatus(st);
    metrics.observed(cr);
    metrics.rotation(
        cr, RotationTrigger.Scheduled, RotationOutcome.Succeeded, Duration.ofSeconds(42));
    metrics.rotation(cr, RotationTrigger.Scheduled, RotationOutcome.Failed, Duration.ZERO);
    metrics.emergency(cr, "started", "test");
    metrics.restarted(cr, "Deployment", "app");
    metrics.request("vantage", "me", "200", Duration.ofMillis(120));
    metrics.request("iam", "CreateAccessKey", "200", Duration.ofMillis(80));
    metrics.request("vault", "write", "200", Duration.ofMillis(30));
    metrics.rateLimitWait("vantage", Duration.ofSeconds(1));
    Set<String> names = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.indexOf('{');
      names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
    }
    return names;
  }
}
