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

  private final int max;
  private final Map<Workload, long[]> counts = new HashMap<>();
  private final Map<String, Set<Workload>> byCredential = new HashMap<>();
  private final Map<Workload, Set<String>> byWorkload = new HashMap<>();
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
    long[] c = counts.get(workload);
    if (c == null) {
      if (counts.size() >= max) {
        dropped.increment();
        return;
      }
      c = new long[1];
      counts.put(workload, c);
    }
    byCredential.computeIfAbsent(credential, k -> new HashSet<>(2)).add(workload);
    byWorkload.computeIfAbsent(workload, k -> new HashSet<>(2)).add(credential);
    c[0]++;
  }

  /** The credential is gone: drops the series of workloads no other credential restarted. */
  synchronized void forget(String credential) {
    Set<Workload> workloads = byCredential.remove(credential);
    if (workloads == null) {
      return;
    }
    for (Workload w : workloads) {
      Set<String> by = byWorkload.get(w);
      by.remove(credential);
      if (by.isEmpty()) {
        byWorkload.remove(w);
        counts.remove(w);
      }
    }
  }

  private synchronized MetricSnapshots collect() {
    if (counts.isEmpty()) {
      return MetricSnapshots.of();
    }
    CounterSnapshot.Builder b =
        CounterSnapshot.builder()
            .name("costcred_workload_restarts")
            .help("Rollout restarts the operator requested, per workload");
    counts.forEach(
        (w, c) ->
            b.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(
                        Labels.of("namespace", w.namespace(), "kind", w.kind(), "name", w.name()))
                    .value(c[0])
                    .build()));
    return MetricSnapshots.of(b.build());
  }
}
