package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.rotation.Times;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-credential gauges ({@code namespace}, {@code name}), for at most {@code maxCredentials}
 * credentials: beyond that a credential gets no series and counts once in {@code
 * costcred_metrics_credentials_dropped_total}, so one namespace cannot flood Prometheus. It also
 * knows which namespaces still have a credential, for the counters labelled with a namespace.
 *
 * <p>Memory: per credential one map entry of its namespace under its name (the instance the
 * informer's store shares) and a {@link Snapshot}; no key string, no labels kept.
 */
final class CredentialGauges {
  /** The condition types with a {@code costcred_credential_condition} series, in this order. */
  static final List<String> CONDITION_TYPES =
      List.of(
          Reasons.READY,
          Reasons.ROTATING,
          Reasons.EMERGENCY_ROTATION,
          Reasons.REVOCATION_REQUIRED,
          Reasons.DEGRADED);

  /** What the gauges read: a few numbers, not the whole status. */
  private record Snapshot(long last, long next, double pool, int pending, int trueConditions) {
    static Snapshot of(CostCredentialStatus st) {
      if (st == null) {
        return new Snapshot(Long.MIN_VALUE, Long.MIN_VALUE, Double.NaN, 0, 0);
      }
      Instant last = Times.parse(st.getLastRotationTime());
      Instant next = Times.parse(st.getNextRotationTime());
      int bits = 0;
      for (Condition c : st.getConditions()) {
        int i = CONDITION_TYPES.indexOf(c.getType());
        if (i >= 0 && "True".equals(c.getStatus())) {
          bits |= 1 << i;
        }
      }
      return new Snapshot(
          last == null ? Long.MIN_VALUE : last.getEpochSecond(),
          next == null ? Long.MIN_VALUE : next.getEpochSecond(),
          st.getPoolRemaining() == null ? Double.NaN : st.getPoolRemaining(),
          st.getPendingRevocations().size(),
          bits);
    }
  }

  /** Stands for a credential observed beyond the cap: a member of its namespace, no series. */
  private static final Snapshot DROPPED = new Snapshot(0, 0, 0, 0, 0);

  private final Clock clock;
  private final int max;

  /** Namespace, then name: every credential observed and not forgotten. */
  private final Map<String, Map<String, Snapshot>> byNamespace = new ConcurrentHashMap<>();

  private final AtomicInteger tracked = new AtomicInteger();
  private final Counter droppedTotal;

  /**
   * The per-credential series are written at scrape time by one collector, not kept as a Micrometer
   * meter each: eleven meters per credential were ~5 KB of heap, about half the live set at 10,000
   * credentials.
   */
  CredentialGauges(MeterRegistry registry, Clock clock, int maxCredentials) {
    this.clock = clock;
    this.max = maxCredentials;
    this.droppedTotal =
        Counter.builder("costcred_metrics_credentials_dropped_total")
            .description("Credentials left without per-credential series: the cap was reached")
            .register(registry);
    Gauge.builder("costcred_metrics_credentials_tracked", tracked, AtomicInteger::get)
        .description("Credentials with per-credential series (cap: --metrics-max-credentials)")
        .register(registry);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register((MultiCollector) this::collect);
    }
  }

  /** True when the credential has series (now or from before). */
  synchronized boolean observe(CostCredential cr) {
    String ns = cr.getMetadata().getNamespace();
    String name = cr.getMetadata().getName();
    Map<String, Snapshot> names = byNamespace.computeIfAbsent(ns, n -> new ConcurrentHashMap<>());
    Snapshot before = names.get(name);
    if (before == null || before == DROPPED) {
      if (tracked.get() >= max) {
        if (before == null) {
          names.put(name, DROPPED);
          droppedTotal.increment();
        }
        return false;
      }
      tracked.incrementAndGet();
    }
    names.put(name, Snapshot.of(cr.getStatus()));
    return true;
  }

  /**
   * Removes the credential's series (if it had any) and its membership of its namespace; returns
   * true when the namespace has no credential left.
   */
  synchronized boolean forget(String namespace, String name) {
    Map<String, Snapshot> names = byNamespace.get(namespace);
    Snapshot before = names == null ? null : names.remove(name);
    if (before != null && before != DROPPED) {
      tracked.decrementAndGet();
    }
    if (names != null && names.isEmpty()) {
      byNamespace.remove(namespace);
    }
    return names == null || names.isEmpty();
  }

  /** The series of every tracked credential, as the Micrometer gauges wrote them before. */
  private MetricSnapshots collect() {
    List<Series> series =
        List.of(
            new Series(
                "costcred_token_age_seconds", "Seconds since the current token was obtained"),
            new Series(
                "costcred_last_rotation_timestamp_seconds", "status.lastRotationTime as Unix time"),
            new Series(
                "costcred_next_rotation_timestamp_seconds", "status.nextRotationTime as Unix time"),
            new Series("costcred_pool_remaining", "Usable tokens left in the pool"),
            new Series("costcred_pending_revocations", "Old tokens that must still stop working"),
            new Series(
                "costcred_credential_condition", "1 when the condition's status is True, else 0"));
    byNamespace.forEach((ns, names) -> names.forEach((name, st) -> add(series, ns, name, st)));
    List<MetricSnapshot> out = new ArrayList<>();
    for (Series s : series) {
      if (!s.points.isEmpty()) {
        out.add(s.build());
      }
    }
    return new MetricSnapshots(out);
  }

  private void add(List<Series> series, String namespace, String name, Snapshot st) {
    if (st == DROPPED) {
      return;
    }
    Labels labels = Labels.of("namespace", namespace, "name", name);
    series.get(0).add(labels, age(st));
    series.get(1).add(labels, time(st.last()));
    series.get(2).add(labels, time(st.next()));
    series.get(3).add(labels, st.pool());
    series.get(4).add(labels, st.pending());
    for (int i = 0; i < CONDITION_TYPES.size(); i++) {
      series
          .get(5)
          .add(
              labels.merge(Labels.of("type", CONDITION_TYPES.get(i), "status", "true")),
              condition(st, 1 << i));
    }
  }

  /** One gauge family being collected. */
  private static final class Series {
    private final GaugeSnapshot.Builder builder;
    private final List<GaugeDataPointSnapshot> points = new ArrayList<>();

    Series(String name, String help) {
      this.builder = GaugeSnapshot.builder().name(name).help(help);
    }

    void add(Labels labels, double value) {
      points.add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    GaugeSnapshot build() {
      points.forEach(builder::dataPoint);
      return builder.build();
    }
  }

  private double age(Snapshot st) {
    if (st.last() == Long.MIN_VALUE) {
      return Double.NaN;
    }
    return clock.instant().getEpochSecond() - st.last();
  }

  private static double time(long epochSecond) {
    return epochSecond == Long.MIN_VALUE ? Double.NaN : epochSecond;
  }

  private static double condition(Snapshot st, int bit) {
    return (st.trueConditions() & bit) == 0 ? 0 : 1;
  }
}
