package io.costcred.operator.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code costcred_workload_restarts_total{namespace, kind, name}}: restarts the operator requested
 * per workload, for at most {@code max} workloads. A series lives while a credential that restarted
 * the workload exists. Written at scrape time by one collector from a count per workload, not kept
 * as a Micrometer counter each (an id, its tags and the registry's maps per workload).
 */
final class WorkloadRestarts {
  private record Workload(String namespace, String kind, String name) {}

  /** One workload's series: its restarts and the credentials that restarted it. */
  private static final class Series {
    long restarts;
    final Set<String> credentials = new HashSet<>(2);
  }

  private final int max;
  private final Map<Workload, Series> series = new HashMap<>();
  private final Map<String, Set<Workload>> byCredential = new HashMap<>();
  private final Counter dropped;

  WorkloadRestarts(MeterRegistry registry, int max) {
    this.max = max;
    this.dropped =
        Counter.builder("costcred_metrics_workloads_dropped_total")
            .description(
                "Restarts not counted per workload: the cap of workload series was reached")
            .register(registry);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register((MultiCollector) this::collect);
    }
  }

  synchronized void increment(String credential, String namespace, String kind, String name) {
    Workload workload = new Workload(namespace, kind, name);
    Series s = series.get(workload);
    if (s == null) {
      if (series.size() >= max) {
        dropped.increment();
        return;
      }
      s = new Series();
      series.put(workload, s);
    }
    s.credentials.add(credential);
    byCredential.computeIfAbsent(credential, k -> new HashSet<>(2)).add(workload);
    s.restarts++;
  }

  /** The credential is gone: drops the series of workloads no other credential restarted. */
  synchronized void forget(String credential) {
    Set<Workload> workloads = byCredential.remove(credential);
    if (workloads == null) {
      return;
    }
    for (Workload w : workloads) {
      Series s = series.get(w);
      s.credentials.remove(credential);
      if (s.credentials.isEmpty()) {
        series.remove(w);
      }
    }
  }

  private synchronized MetricSnapshots collect() {
    if (series.isEmpty()) {
      return MetricSnapshots.of();
    }
    CounterSnapshot.Builder b =
        CounterSnapshot.builder()
            .name("costcred_workload_restarts")
            .help("Rollout restarts the operator requested, per workload");
    series.forEach(
        (w, s) ->
            b.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(
                        Labels.of("namespace", w.namespace(), "kind", w.kind(), "name", w.name()))
                    .value(s.restarts)
                    .build()));
    return MetricSnapshots.of(b.build());
  }
}
