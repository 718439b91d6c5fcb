package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import java.util.function.Function;

/** Turns a CostCredential into the plan one reconcile works with. */
public interface PlanSource extends Function<CostCredential, RotationPlan> {
  /** Releases what was kept for a deleted CostCredential (logged-in clients). */
  default void forget(CostCredential cr) {}
}
