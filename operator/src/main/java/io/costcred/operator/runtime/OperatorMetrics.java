package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.rotation.RotationObserver;
import io.costcred.operator.rotation.Times;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Operator metrics: rotations, token age, pool, revocations, provider latency and rate limits. */
public final class OperatorMetrics implements RotationObserver, ProviderObserver {
  private final MeterRegistry registry;
  private final Clock clock;

  /** What the per-credential gauges read: four numbers, not the whole status. */
  private record Snapshot(long lastRotation, long nextRotation, double pool, int pending) {
    static Snapshot of(CostCredentialStatus st) {
      if (st == null) {
        return new Snapshot(Long.MIN_VALUE, Long.MIN_VALUE, Double.NaN, 0);
      }
      Instant last = Times.parse(st.getLastRotationTime());
      Instant next = Times.parse(st.getNextRotationTime());
      return new Snapshot(
          last == null ? Long.MIN_VALUE : last.getEpochSecond(),
          next == null ? Long.MIN_VALUE : next.getEpochSecond(),
          st.getPoolRemaining() == null ? Double.NaN : st.getPoolRemaining(),
          st.getPendingRevocations().size());
    }
  }

  private final Map<String, AtomicReference<Snapshot>> states = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void rotation(
      CostCredential cr, RotationTrigger trigger, RotationOutcome outcome, Duration duration) {
    Counter.builder("costcred_rotations_total")
        .description("Rotations finished or attempts failed, by trigger and outcome")
        .tags("trigger", String.valueOf(trigger), "outcome", String.valueOf(outcome))
        .register(registry)
        .increment();
    if (outcome == RotationOutcome.Succeeded) {
      Timer.builder("costcred_rotation_duration")
          .description("Time from rotation start to completion")
          .tags("trigger", String.valueOf(trigger))
          .register(registry)
          .record(duration);
    }
  }

  @Override
  public void observed(CostCredential cr) {
    String key = key(cr);
    AtomicReference<Snapshot> ref = states.get(key);
    if (ref == null) {
      ref = new AtomicReference<>();
      states.put(key, ref);
      register(key, cr, ref);
    }
    ref.set(Snapshot.of(cr.getStatus()));
  }

  @Override
  public void forget(CostCredential cr) {
    String key = key(cr);
    states.remove(key);
    List<Meter> meters = gauges.remove(key);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  @Override
  public void emergency(CostCredential cr, String stage, String message) {
    if ("started".equals(stage)) {
      Counter.builder("costcred_emergency_rotations_total").register(registry).increment();
    }
  }

  @Override
  public void request(String provider, String operation, String outcome, Duration latency) {
    Timer.builder("costcred_provider_request")
        .description("Requests to credential providers")
        .tags("provider", provider, "operation", operation, "outcome", outcome)
        .register(registry)
        .record(latency);
  }

  @Override
  public void rateLimitWait(String provider, Duration wait) {
    Counter.builder("costcred_rate_limit_waits_total")
        .description("Requests held back by the shared provider rate budget")
        .tags("provider", provider)
        .register(registry)
        .increment();
  }

  private void register(String key, CostCredential cr, AtomicReference<Snapshot> ref) {
    Tags tags =
        Tags.of("namespace", cr.getMetadata().getNamespace(), "name", cr.getMetadata().getName());
    gauges.put(
        key,
        List.of(
            Gauge.builder("costcred_token_age_seconds", ref, r -> age(r.get()))
                .description("Seconds since the current token was obtained")
                .tags(tags)
                .register(registry),
            Gauge.builder("costcred_next_rotation_timestamp_seconds", ref, r -> next(r.get()))
                .tags(tags)
                .register(registry),
            Gauge.builder("costcred_pool_remaining", ref, r -> pool(r.get()))
                .tags(tags)
                .register(registry),
            Gauge.builder("costcred_pending_revocations", ref, r -> pending(r.get()))
                .tags(tags)
                .register(registry)));
  }

  private double age(Snapshot st) {
    if (st == null || st.lastRotation() == Long.MIN_VALUE) {
      return Double.NaN;
    }
    return clock.instant().getEpochSecond() - st.lastRotation();
  }

  private static double next(Snapshot st) {
    return st == null || st.nextRotation() == Long.MIN_VALUE ? Double.NaN : st.nextRotation();
  }

  private static double pool(Snapshot st) {
    return st == null ? Double.NaN : st.pool();
  }

  private static double pending(Snapshot st) {
    return st == null ? 0 : st.pending();
  }

  private static String key(CostCredential cr) {
    return cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
  }
}
