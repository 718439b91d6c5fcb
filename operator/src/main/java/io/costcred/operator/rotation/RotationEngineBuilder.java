package io.costcred.operator.rotation;

import io.costcred.operator.consumers.Consumers;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.restart.Restarter;
import java.time.Clock;

/**
 * The engine's collaborators, injected: clock, plan source, fingerprints, restarter and status
 * writer are required; events, observer, step hook, reference versions, backoff, consumers and the
 * rollout recheck have defaults (none, none, none, {@link ReferenceVersions#NONE}, {@link
 * Backoff#standard()}, {@link Consumers#NONE}, 2 s).
 */
public final class RotationEngineBuilder {
  Clock clock;
  PlanSource plans;
  Fingerprinter fingerprints;
  Restarter restarter;
  StatusWriter writer;
  EventSink events = EventSink.NONE;
  RotationObserver observer = RotationObserver.NONE;
  StepHook hook = StepHook.NONE;
  ReferenceVersions references = ReferenceVersions.NONE;
  Backoff backoff = Backoff.standard();
  Consumers consumers = Consumers.NONE;
  java.time.Duration rolloutRecheck = RotationSteps.ROLLOUT_POLL;
  java.time.Duration providerClockSkew = java.time.Duration.ofMinutes(1);

  RotationEngineBuilder() {}

  public RotationEngineBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  public RotationEngineBuilder plans(PlanSource p) {
    this.plans = p;
    return this;
  }

  public RotationEngineBuilder fingerprints(Fingerprinter f) {
    this.fingerprints = f;
    return this;
  }

  public RotationEngineBuilder restarter(Restarter r) {
    this.restarter = r;
    return this;
  }

  public RotationEngineBuilder statusWriter(StatusWriter w) {
    this.writer = w;
    return this;
  }

  public RotationEngineBuilder events(EventSink e) {
    this.events = e;
    return this;
  }

  public RotationEngineBuilder observer(RotationObserver o) {
    this.observer = o;
    return this;
  }

  public RotationEngineBuilder hook(StepHook h) {
    this.hook = h;
    return this;
  }

  /** The versions of referenced objects (Secret watches); {@link ReferenceVersions#NONE}. */
  public RotationEngineBuilder references(ReferenceVersions r) {
    this.references = r;
    return this;
  }

  public RotationEngineBuilder backoff(Backoff b) {
    this.backoff = b;
    return this;
  }

  /** Finds the workloads and Pods that read the store Secrets (informer caches). */
  public RotationEngineBuilder consumers(Consumers c) {
    this.consumers = c;
    return this;
  }

  /**
   * How long to wait before looking at a rollout again when nothing says it moved: 2 s when
   * polling; longer when workload and Pod events reconcile the credential as the rollout moves.
   */
  public RotationEngineBuilder rolloutRecheck(java.time.Duration d) {
    this.rolloutRecheck = d;
    return this;
  }

  /**
   * How far a provider's clock may be from the operator's (default 1 minute): a key use reported
   * less than this after the consumers cut over does not hold the old key's revocation.
   */
  public RotationEngineBuilder providerClockSkew(java.time.Duration d) {
    this.providerClockSkew = d;
    return this;
  }

  public RotationEngine build() {
    return new RotationEngine(this);
  }
}
