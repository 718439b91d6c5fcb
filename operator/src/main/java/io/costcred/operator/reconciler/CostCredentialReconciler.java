package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.DeletionPolicy;
import io.costcred.operator.rotation.RotationEngine;
import io.costcred.operator.rotation.RotationPlan;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * JOSDK entry point. Annotation-only changes carry the manual and emergency triggers, so
 * generation-aware filtering is off; the engine itself makes a no-op reconcile write nothing.
 */
@ControllerConfiguration(
    name = CostCredentialReconciler.NAME,
    generationAwareEventProcessing = false)
public class CostCredentialReconciler
    implements Reconciler<CostCredential>, Cleaner<CostCredential> {
  public static final String NAME = "costcredential";
  private static final Logger LOG = LoggerFactory.getLogger(CostCredentialReconciler.class);
  private final RotationEngine engine;
  private final Function<CostCredential, RotationPlan> plans;

  public CostCredentialReconciler(
      RotationEngine engine, Function<CostCredential, RotationPlan> plans) {
    this.engine = engine;
    this.plans = plans;
  }

  @Override
  public UpdateControl<CostCredential> reconcile(
      CostCredential cr, Context<CostCredential> context) {
    MDC.put("resource", cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName());
    try {
      return UpdateControl.<CostCredential>noUpdate().rescheduleAfter(engine.reconcile(cr));
    } finally {
      MDC.remove("resource");
    }
  }

  @Override
  public DeleteControl cleanup(CostCredential cr, Context<CostCredential> context) {
    engine.forget(cr);
    if (cr.getSpec() != null && cr.getSpec().getDeletionPolicy() == DeletionPolicy.Delete) {
      try {
        plans.apply(cr).stores().forEach(s -> s.remove());
      } catch (RuntimeException e) {
        LOG.warn(
            "cleanup of {} could not remove store contents: {}",
            cr.getMetadata().getName(),
            e.getClass().getSimpleName());
      }
    }
    return DeleteControl.defaultDelete();
  }
}
