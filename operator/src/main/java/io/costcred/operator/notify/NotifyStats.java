package io.costcred.operator.notify;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of notifications: {@code costcred_notifications_total{outcome}} with outcome sent,
 * retried (one per retry), failed (gave up), dropped (queue full) or refused (a tenant URL off the
 * egress allow-list, or a missing URL Secret).
 */
public final class NotifyStats {
  final AtomicLong sent = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong refused = new AtomicLong();

  /** Publishes the counters on {@code registry}. */
  public NotifyStats bind(MeterRegistry registry) {
    counter(registry, "sent", sent);
    counter(registry, "retried", retried);
    counter(registry, "failed", failed);
    counter(registry, "dropped", dropped);
    counter(registry, "refused", refused);
    return this;
  }

  private static void counter(MeterRegistry registry, String outcome, AtomicLong value) {
    FunctionCounter.builder("costcred_notifications", value, AtomicLong::doubleValue)
        .description("Notifications by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  public long sent() {
    return sent.get();
  }

  public long retried() {
    return retried.get();
  }

  public long failed() {
    return failed.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long refused() {
    return refused.get();
  }
}
