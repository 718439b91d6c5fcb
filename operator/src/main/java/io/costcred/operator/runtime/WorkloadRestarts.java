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

  /**
   * One workload's series: its restarts and the names of the credentials that restarted it (a
   * credential restarts workloads of its own namespace only): one name as such, several as a set.
   */
  private static final class Series {
    /** The map's key: the credentials' entries share it. */
    final Workload workload;

    long restarts;
    Object credentials;

    Series(Workload workload) {
      this.workload = workload;
    }
  }

  private final int max;
  private final Map<Workload, Series> series = new HashMap<>();

  /**
   * Namespace, then credential name: the workload it restarted, or a set of them. Memory: no key
   * string per credential and no set for the usual one workload per credential and one credential
   * per workload (a set of workloads per credential key, and one of credential keys per workload,
   * were ~4 objects and ~300 bytes more each).
   */
  private final Map<String, Map<String, Object>> byCredential = new HashMap<>();

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

  /** The credential {@code namespace/credential} restarted the workload {@code kind/name}. */
  synchronized void increment(String namespace, String credential, String kind, String name) {
    Workload workload = new Workload(namespace, kind, name);
    Series s = series.get(workload);
    if (s == null) {
      if (series.size() >= max) {
        dropped.increment();
        return;
      }
      s = new Series(workload);
      series.put(workload, s);
    }
    s.credentials = with(s.credentials, credential);
    Workload w = s.workload;
    byCredential
        .computeIfAbsent(namespace, n -> new HashMap<>())
        .compute(credential, (k, was) -> with(was, w));
    s.restarts++;
  }

  /** The credential is gone: drops the series of workloads no other credential restarted. */
  synchronized void forget(String namespace, String credential) {
    Map<String, Object> names = byCredential.get(namespace);
    Object workloads = names == null ? null : names.remove(credential);
    if (names != null && names.isEmpty()) {
      byCredential.remove(namespace);
    }
    if (workloads == null) {
      return;
    }
    for (Object o : workloads instanceof Set<?> many ? many : Set.of(workloads)) {
      Workload w = (Workload) o;
      Series s = series.get(w);
      s.credentials = without(s.credentials, credential);
      if (s.credentials == null) {
        series.remove(w);
      }
    }
  }

  /** {@code one} or a set, with {@code item} added. */
  private static Object with(Object one, Object item) {
    if (one == null || one.equals(item)) {
      return one == null ? item : one;
    }
    if (one instanceof Set<?> set) {
      @SuppressWarnings("unchecked")
      Set<Object> many = (Set<Object>) set;
      many.add(item);
      return many;
    }
    Set<Object> many = new HashSet<>(4);
    many.add(one);
    many.add(item);
    return many;
  }

  /** {@code one} or a set, without {@code item}; null when nothing is left. */
  private static Object without(Object one, Object item) {
    if (one instanceof Set<?> set) {
      set.remove(item);
      return set.isEmpty() ? null : set.size() == 1 ? set.iterator().next() : set;
    }
    return item.equals(one) ? null : one;
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
