package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Probing;
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
 * <p>Memory: per credential one slot of its namespace's table ({@link Names}): its name (the
 * instance the informer's store shares) and its numbers packed in three longs, 28 bytes; no key
 * string, no labels, no map node or snapshot object kept (a map of snapshots was 88 bytes a
 * credential, measured by {@code HeapOwners}).
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
  private final Map<String, Names> byNamespace = new ConcurrentHashMap<>();

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
    Names names = byNamespace.computeIfAbsent(ns, n -> new Names());
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
    Names names = byNamespace.get(namespace);
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
    // A copy of the tables under the lock (a few arrays per namespace), the series outside it: a
    // scrape of 10,000 credentials builds ~110,000 points, which must not hold up the reconciles
    // that observe credentials meanwhile.
    Map<String, Names> copies = new java.util.HashMap<>();
    synchronized (this) {
      byNamespace.forEach((ns, names) -> copies.put(ns, names.copy()));
    }
    copies.forEach((ns, names) -> names.forEach((name, st) -> add(series, ns, name, st)));
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

  /**
   * The credentials of one namespace: open addressing over their names and their {@link Snapshot}s
   * packed in three longs (the times, then the pool, the pending revocations, the true conditions
   * and whether the credential is beyond the cap). Used under the gauges' lock, and read by the
   * collector, which takes the lock too.
   */
  private static final class Names implements Probing.Slots {
    private static final int FIRST_CAPACITY = 8;
    private static final long DROPPED_BIT = 1L << 7;
    private static final int NO_POOL = Integer.MIN_VALUE;

    private String[] names = new String[FIRST_CAPACITY];
    private long[] last = new long[FIRST_CAPACITY];
    private long[] next = new long[FIRST_CAPACITY];
    private long[] rest = new long[FIRST_CAPACITY];
    private int size;

    Snapshot get(String name) {
      int at = find(name);
      return at < 0 ? null : snapshot(at);
    }

    void put(String name, Snapshot st) {
      int at = find(name);
      if (at < 0) {
        if ((size + 1) * 3 > names.length * 2) {
          resize(names.length * 2);
        }
        at = free(name);
        names[at] = name;
        size++;
      }
      last[at] = st.last();
      next[at] = st.next();
      rest[at] = pack(st);
    }

    Snapshot remove(String name) {
      int at = find(name);
      if (at < 0) {
        return null;
      }
      Snapshot gone = snapshot(at);
      names[at] = null;
      size--;
      Probing.closeGap(this, at, names.length - 1);
      if (names.length > FIRST_CAPACITY && size * 8 < names.length) {
        resize(names.length / 2);
      }
      return gone;
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** An independent copy (the collector reads it outside the gauges' lock). */
    Names copy() {
      Names c = new Names();
      c.names = names.clone();
      c.last = last.clone();
      c.next = next.clone();
      c.rest = rest.clone();
      c.size = size;
      return c;
    }

    void forEach(java.util.function.BiConsumer<String, Snapshot> each) {
      for (int i = 0; i < names.length; i++) {
        if (names[i] != null) {
          each.accept(names[i], snapshot(i));
        }
      }
    }

    private static long pack(Snapshot st) {
      if (st == DROPPED) {
        return DROPPED_BIT;
      }
      int pool = Double.isNaN(st.pool()) ? NO_POOL : (int) st.pool();
      return ((long) pool << 32)
          | ((long) Math.min(st.pending(), 0xFFFFFF) << 8)
          | (st.trueConditions() & 0x7F);
    }

    private Snapshot snapshot(int at) {
      long r = rest[at];
      if ((r & DROPPED_BIT) != 0) {
        return DROPPED;
      }
      int pool = (int) (r >> 32);
      return new Snapshot(
          last[at],
          next[at],
          pool == NO_POOL ? Double.NaN : pool,
          (int) ((r >>> 8) & 0xFFFFFF),
          (int) (r & 0x7F));
    }

    private int find(String name) {
      int mask = names.length - 1;
      for (int at = slot(name, mask); names[at] != null; at = (at + 1) & mask) {
        if (names[at].equals(name)) {
          return at;
        }
      }
      return -1;
    }

    private int free(String name) {
      int mask = names.length - 1;
      int at = slot(name, mask);
      while (names[at] != null) {
        at = (at + 1) & mask;
      }
      return at;
    }

    @Override
    public boolean used(int at) {
      return names[at] != null;
    }

    @Override
    public int home(int at) {
      return slot(names[at], names.length - 1);
    }

    @Override
    public void move(int from, int to) {
      names[to] = names[from];
      last[to] = last[from];
      next[to] = next[from];
      rest[to] = rest[from];
      names[from] = null;
    }

    private void resize(int capacity) {
      String[] n = names;
      long[] l = last;
      long[] x = next;
      long[] r = rest;
      names = new String[capacity];
      last = new long[capacity];
      next = new long[capacity];
      rest = new long[capacity];
      for (int i = 0; i < n.length; i++) {
        if (n[i] != null) {
          int at = free(n[i]);
          names[at] = n[i];
          last[at] = l[i];
          next[at] = x[i];
          rest[at] = r[i];
        }
      }
    }

    private static int slot(String name, int mask) {
      return Probing.slot(name.hashCode(), mask);
    }
  }
}
