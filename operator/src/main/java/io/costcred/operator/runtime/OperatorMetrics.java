package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.rotation.RotationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Operator metrics: rotations, per-credential gauges and conditions, restarts per workload, request
 * counts and latency of every remote API, rate limits. Every series a credential causes is removed
 * when the credential is deleted; see docs/observability.md for the series bound.
 */
public final class OperatorMetrics implements RotationObserver, ProviderObserver {
  /** Default cap of credentials with per-credential series ({@code --metrics-max-credentials}). */
  public static final int DEFAULT_MAX_CREDENTIALS = 10_000;

  /** Histogram buckets of remote requests: 25 ms to 10 s (plus +Inf). */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  /** Counters labelled with a credential's namespace: removed with its last credential. */
  private static final List<String> NAMESPACED =
      List.of("costcred_rotations_total", "costcred_emergency_rotations_total");

  private final MeterRegistry registry;
  private final CredentialGauges credentials;
  private final WorkloadRestarts restarts;

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this(registry, clock, DEFAULT_MAX_CREDENTIALS);
  }

  public OperatorMetrics(MeterRegistry registry, Clock clock, int maxCredentials) {
    this.registry = registry;
    this.credentials = new CredentialGauges(registry, clock, maxCredentials);
    this.restarts = new WorkloadRestarts(registry, maxCredentials);
  }

  @Override
  public void rotation(
      CostCredential cr, RotationTrigger trigger, RotationOutcome outcome, Duration duration) {
    Counter.builder("costcred_rotations_total")
        .description("Rotations finished or attempts failed, by namespace, trigger and outcome")
        .tags(
            "namespace",
            namespace(cr),
            "trigger",
            String.valueOf(trigger),
            "outcome",
            String.valueOf(outcome))
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
    credentials.observe(cr);
  }

  @Override
  public void forget(CostCredential cr) {
    String ns = namespace(cr);
    restarts.forget(ns, cr.getMetadata().getName());
    if (credentials.forget(ns, cr.getMetadata().getName())) {
      for (String name : NAMESPACED) {
        registry.find(name).tag("namespace", ns).meters().forEach(registry::remove);
      }
    }
  }

  @Override
  public void emergency(CostCredential cr, String stage, String message) {
    if ("started".equals(stage)) {
      Counter.builder("costcred_emergency_rotations_total")
          .description("Emergency rotations started, by namespace")
          .tags("namespace", namespace(cr))
          .register(registry)
          .increment();
    }
  }

  @Override
  public void restarted(CostCredential cr, String kind, String name) {
    // Not gated on the credential's gauges: a first rotation restarts before the first observed();
    // the workload series have their own cap.
    restarts.increment(namespace(cr), cr.getMetadata().getName(), kind, name);
  }

  @Override
  public void request(String provider, String operation, String outcome, Duration latency) {
    Timer.builder("costcred_provider_request")
        .description("Requests to remote APIs (providers and stores), by operation and outcome")
        .tags("provider", provider, "operation", operation, "outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
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

  private static String namespace(CostCredential cr) {
    return cr.getMetadata().getNamespace();
  }
}
