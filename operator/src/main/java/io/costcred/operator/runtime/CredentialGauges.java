package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.rotation.Times;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The per-credential gauges ({@code namespace}, {@code name}), for at most {@code maxCredentials}
 * credentials: beyond that a credential gets no series and counts once in {@code
 * costcred_metrics_credentials_dropped_total}, so one namespace cannot flood Prometheus.
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

  private record Tracked(AtomicReference<Snapshot> state, List<Meter> meters) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final int max;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Set<String> dropped = ConcurrentHashMap.newKeySet();
  private final Counter droppedTotal;

  CredentialGauges(MeterRegistry registry, Clock clock, int maxCredentials) {
    this.registry = registry;
    this.clock = clock;
    this.max = maxCredentials;
    this.droppedTotal =
        Counter.builder("costcred_metrics_credentials_dropped_total")
            .description("Credentials left without per-credential series: the cap was reached")
            .register(registry);
    Gauge.builder("costcred_metrics_credentials_tracked", tracked, Map::size)
        .description("Credentials with per-credential series (cap: --metrics-max-credentials)")
        .register(registry);
  }

  /** True when the credential has series (now or from before). */
  synchronized boolean observe(String key, CostCredential cr) {
    Tracked t = tracked.get(key);
    if (t == null) {
      if (tracked.size() >= max) {
        if (dropped.add(key)) {
          droppedTotal.increment();
        }
        return false;
      }
      dropped.remove(key);
      AtomicReference<Snapshot> state = new AtomicReference<>(Snapshot.of(cr.getStatus()));
      t = new Tracked(state, register(cr, state));
      tracked.put(key, t);
    }
    t.state().set(Snapshot.of(cr.getStatus()));
    return true;
  }

  /** Removes the credential's series; returns true when it had any. */
  synchronized boolean forget(String key) {
    dropped.remove(key);
    Tracked t = tracked.remove(key);
    if (t == null) {
      return false;
    }
    t.meters().forEach(registry::remove);
    return true;
  }

  private List<Meter> register(CostCredential cr, AtomicReference<Snapshot> ref) {
    Tags tags =
        Tags.of("namespace", cr.getMetadata().getNamespace(), "name", cr.getMetadata().getName());
    List<Meter> meters = new ArrayList<>();
    meters.add(
        Gauge.builder("costcred_token_age_seconds", ref, r -> age(r.get()))
            .description("Seconds since the current token was obtained")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("costcred_last_rotation_timestamp_seconds", ref, r -> time(r.get().last()))
            .description("status.lastRotationTime as Unix time")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("costcred_next_rotation_timestamp_seconds", ref, r -> time(r.get().next()))
            .description("status.nextRotationTime as Unix time")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("costcred_pool_remaining", ref, r -> r.get().pool())
            .description("Usable tokens left in the pool")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("costcred_pending_revocations", ref, r -> r.get().pending())
            .description("Old tokens that must still stop working")
            .tags(tags)
            .register(registry));
    for (int i = 0; i < CONDITION_TYPES.size(); i++) {
      int bit = 1 << i;
      meters.add(
          Gauge.builder("costcred_credential_condition", ref, r -> condition(r.get(), bit))
              .description("1 when the condition's status is True, else 0")
              .tags(tags.and("type", CONDITION_TYPES.get(i), "status", "true"))
              .register(registry));
    }
    return meters;
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
