package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.rotation.RotationObserver;
import java.time.Duration;
import java.util.List;

/** Fans rotation outcomes out to metrics and notifications. */
final class CompositeObserver implements RotationObserver {
  private final List<RotationObserver> observers;

  CompositeObserver(RotationObserver... observers) {
    this.observers = List.of(observers);
  }

  @Override
  public void rotation(
      CostCredential cr, RotationTrigger trigger, RotationOutcome outcome, Duration duration) {
    observers.forEach(o -> o.rotation(cr, trigger, outcome, duration));
  }

  @Override
  public void observed(CostCredential cr) {
    observers.forEach(o -> o.observed(cr));
  }

  @Override
  public void forget(CostCredential cr) {
    observers.forEach(o -> o.forget(cr));
  }

  @Override
  public void restarted(CostCredential cr, String kind, String name) {
    observers.forEach(o -> o.restarted(cr, kind, name));
  }

  @Override
  public void emergency(CostCredential cr, String stage, String message) {
    observers.forEach(o -> o.emergency(cr, stage, message));
  }
}
