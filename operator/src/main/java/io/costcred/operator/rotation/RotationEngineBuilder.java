package io.costcred.operator.rotation;

import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.restart.Restarter;
import java.time.Clock;

/**
 * The engine's collaborators, injected: clock, plan source, fingerprints, restarter and status
 * writer are required; events, observer, step hook, reference versions and backoff have defaults
 * (none, none, none, {@link ReferenceVersions#NONE}, {@link Backoff#standard()}).
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

  public RotationEngine build() {
    return new RotationEngine(this);
  }
}
