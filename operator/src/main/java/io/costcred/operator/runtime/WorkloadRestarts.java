package io.costcred.operator.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code costcred_workload_restarts_total{namespace, kind, name}}: restarts the operator requested
 * per workload, for at most {@code max} workloads. A series lives while a credential that restarted
 * the workload exists.
 */
final class WorkloadRestarts {
  private final MeterRegistry registry;
  private final int max;
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Set<String>> byCredential = new HashMap<>();
  private final Map<String, Set<String>> byWorkload = new HashMap<>();
  private final Counter dropped;

  WorkloadRestarts(MeterRegistry registry, int max) {
    this.registry = registry;
    this.max = max;
    this.dropped =
        Counter.builder("costcred_metrics_workloads_dropped_total")
            .description(
                "Restarts not counted per workload: the cap of workload series was reached")
            .register(registry);
  }

  synchronized void increment(String credential, String namespace, String kind, String name) {
    String workload = namespace + "/" + kind + "/" + name;
    Counter c = counters.get(workload);
    if (c == null) {
      if (counters.size() >= max) {
        dropped.increment();
        return;
      }
      c =
          Counter.builder("costcred_workload_restarts_total")
              .description("Rollout restarts the operator requested, per workload")
              .tags("namespace", namespace, "kind", kind, "name", name)
              .register(registry);
      counters.put(workload, c);
    }
    byCredential.computeIfAbsent(credential, k -> new HashSet<>()).add(workload);
    byWorkload.computeIfAbsent(workload, k -> new HashSet<>()).add(credential);
    c.increment();
  }

  /** The credential is gone: drops the series of workloads no other credential restarted. */
  synchronized void forget(String credential) {
    Set<String> workloads = byCredential.remove(credential);
    if (workloads == null) {
      return;
    }
    for (String w : workloads) {
      Set<String> by = byWorkload.get(w);
      by.remove(credential);
      if (by.isEmpty()) {
        byWorkload.remove(w);
        registry.remove(counters.remove(w));
      }
    }
  }
}
