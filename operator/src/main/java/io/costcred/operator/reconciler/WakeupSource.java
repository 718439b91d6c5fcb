package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CostCredentials' next reconciles, in place of JOSDK's timer (the controller's maximum
 * reconciliation interval is off, so JOSDK schedules nothing itself after a successful reconcile):
 * the reconciler asks for a wake-up {@link #after} the delay the engine returned, and at that time
 * this source sends the credential an event. One table of wake-ups ({@link Wakeups}) and one timer
 * task for the earliest of them, instead of a task per credential.
 *
 * <p>The delay is real time (a monotonic clock), as it was with JOSDK's timer: the engine computes
 * it with the operator's clock. Due wake-ups are collected at most every {@link #MIN_GAP} (one scan
 * of the table each time), so a wake-up may come up to that much late and never early. A
 * credential's deletion forgets its wake-up; one left by a deletion this source did not see wakes a
 * credential the cache no longer has, which JOSDK ignores.
 */
final class WakeupSource extends AbstractEventSource<Void, CostCredential>
    implements ResourceEventAware<CostCredential> {
  private static final Logger LOG = LoggerFactory.getLogger(WakeupSource.class);
  static final Duration MIN_GAP = Duration.ofMillis(100);
  private static final long MAX_DELAY = TimeUnit.DAYS.toNanos(3650);

  private final Wakeups table = new Wakeups();
  private final LongSupplier nanos;
  private ScheduledThreadPoolExecutor timer;
  private ScheduledFuture<?> next;
  private long nextAt;
  private long lastScan;
  private long scans;

  WakeupSource() {
    this(System::nanoTime);
  }

  /** With the monotonic clock {@code nanos} (tests). */
  WakeupSource(LongSupplier nanos) {
    super(Void.class, "costcred-wakeups");
    this.nanos = nanos;
    this.lastScan = nanos.getAsLong() - MIN_GAP.toNanos();
  }

  /** Reconcile the credential once {@code delay} has passed (replacing its earlier wake-up). */
  void after(HasMetadata cr, Duration delay) {
    long d = Math.min(Math.max(0, delay.toNanos()), MAX_DELAY);
    long at = nanos.getAsLong() + d;
    synchronized (this) {
      table.at(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), at);
      arm(at);
    }
  }

  /** Forgets the credential's wake-up. */
  synchronized void cancel(String namespace, String name) {
    table.cancel(namespace, name);
  }

  /** Credentials with a wake-up. */
  synchronized int pending() {
    return table.size();
  }

  /** Scans of the table so far (each collects every due wake-up). */
  synchronized long scans() {
    return scans;
  }

  @Override
  public void onResourceDeleted(CostCredential cr) {
    cancel(cr.getMetadata().getNamespace(), cr.getMetadata().getName());
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    super.start();
    timer = new ScheduledThreadPoolExecutor(1, WakeupSource::daemon);
    timer.setRemoveOnCancelPolicy(true);
    next = null;
    table.earliest().ifPresent(this::arm);
  }

  @Override
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    timer.shutdownNow();
    timer = null;
    next = null;
    super.stop();
  }

  /** Healthy while running, as JOSDK's timer was. */
  @Override
  public Status getStatus() {
    return isRunning() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<Void> getSecondaryResources(CostCredential primary) {
    return Set.of();
  }

  /** Makes the timer fire by {@code at} (never sooner than {@link #MIN_GAP} after a scan). */
  private void arm(long at) {
    if (timer == null || (next != null && at - nextAt >= 0)) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    long when = Math.max(at - lastScan, MIN_GAP.toNanos()) + lastScan;
    nextAt = when;
    next = timer.schedule(this::fire, Math.max(0, when - nanos.getAsLong()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    List<ResourceID> due;
    synchronized (this) {
      if (timer == null) {
        return;
      }
      long now = nanos.getAsLong();
      lastScan = now;
      scans++;
      next = null;
      due = table.take(now);
      table.earliest().ifPresent(this::arm);
    }
    for (ResourceID id : due) {
      try {
        if (isRunning()) {
          getEventHandler().handleEvent(new Event(id));
        }
      } catch (RuntimeException e) {
        LOG.warn("wake-up of {} not delivered: {}", id, e.toString());
      }
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "costcred-wakeups");
    t.setDaemon(true);
    return t;
  }
}
