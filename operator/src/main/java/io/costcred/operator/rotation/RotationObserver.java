package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.time.Duration;

/** Receives rotation outcomes for metrics and notifications. */
public interface RotationObserver {
  RotationObserver NONE = new RotationObserver() {};

  /** A rotation finished (outcome Succeeded) or an attempt failed (outcome Failed). */
  default void rotation(
      CostCredential cr, RotationTrigger trigger, RotationOutcome outcome, Duration duration) {}

  /** Called after every reconcile with the stored state, to refresh gauges. */
  default void observed(CostCredential cr) {}

  /** The credential is gone; drop its gauges. */
  default void forget(CostCredential cr) {}

  /** The operator asked a workload ({@code kind}, {@code name}) of the credential to restart. */
  default void restarted(CostCredential cr, String kind, String name) {}

  /** Emergency progress worth telling people about (notification webhook). */
  default void emergency(CostCredential cr, String stage, String message) {}
}
