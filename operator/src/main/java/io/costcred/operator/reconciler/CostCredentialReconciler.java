package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.core.LogContext;
import io.costcred.operator.rotation.RotationEngine;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK entry point. Annotation-only changes carry the manual and emergency triggers, so
 * generation-aware filtering is off; the engine itself makes a no-op reconcile write nothing.
 * Besides its own changes, a CostCredential is reconciled when an object it references appears,
 * changes or goes away ({@link ReferenceWatches}), and when the delay the engine returned has
 * passed ({@link WakeupSource}: JOSDK's own timer and maximum reconciliation interval are not used,
 * as they kept a timer task per credential).
 */
@ControllerConfiguration(
    name = CostCredentialReconciler.NAME,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = Constants.NO_MAX_RECONCILIATION_INTERVAL))
public class CostCredentialReconciler
    implements Reconciler<CostCredential>, Cleaner<CostCredential> {
  public static final String NAME = "costcredential";
  private static final Logger LOG = LoggerFactory.getLogger(CostCredentialReconciler.class);
  private final RotationEngine engine;
  private final ReferenceWatches references;
  private final WakeupSource wakeups = new WakeupSource();

  /** Without reference watches: only the CostCredential itself and the backoff start a retry. */
  public CostCredentialReconciler(RotationEngine engine) {
    this(engine, null);
  }

  public CostCredentialReconciler(RotationEngine engine, ReferenceWatches references) {
    this.engine = engine;
    this.references = references;
  }

  @Override
  public List<EventSource<?, CostCredential>> prepareEventSources(
      EventSourceContext<CostCredential> context) {
    List<EventSource<?, CostCredential>> out = new ArrayList<>();
    out.add(wakeups);
    if (references != null) {
      out.addAll(references.eventSources(context));
    }
    return out;
  }

  @Override
  public UpdateControl<CostCredential> reconcile(
      CostCredential cr, Context<CostCredential> context) {
    try (LogContext log = logContext(cr)) {
      if (references != null) {
        references.startNeeded(cr, context.eventSourceRetriever());
      }
      wakeups.after(cr, engine.reconcile(cr));
      if (references != null) {
        startAskedFor(context);
      }
      return UpdateControl.noUpdate();
    }
  }

  /**
   * Starts the watches consumer discovery asked for in this reconcile; a failure waits for the next
   * reconcile (the reconcile itself is done: its wake-up is set).
   */
  private void startAskedFor(Context<CostCredential> context) {
    try {
      references.startNeeded(null, context.eventSourceRetriever());
    } catch (RuntimeException e) {
      LOG.warn("a watch asked for by consumer discovery did not start: {}", e.toString());
    }
  }

  /** CostCredentials with a next reconcile scheduled. */
  public int pendingWakeups() {
    return wakeups.pending();
  }

  @Override
  public DeleteControl cleanup(CostCredential cr, Context<CostCredential> context) {
    wakeups.cancel(cr.getMetadata().getNamespace(), cr.getMetadata().getName());
    try (LogContext log = logContext(cr)) {
      engine.delete(cr);
    } catch (RuntimeException e) {
      // Never block deletion forever on a store or provider outage; the Event/log says what is
      // left.
      LOG.warn(
          "cleanup of {}/{} incomplete: {}",
          cr.getMetadata().getNamespace(),
          cr.getMetadata().getName(),
          e.getMessage());
    }
    return DeleteControl.defaultDelete();
  }

  /** MDC fields of this reconcile (JSON log lines); closing it clears them. */
  private static LogContext logContext(CostCredential cr) {
    return LogContext.resource(
        "CostCredential", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
  }
}
