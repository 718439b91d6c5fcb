package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Objects;

/**
 * One reconcile of one CostCredential: the object as last stored, the plan, the time, and the
 * status write that must precede every side effect.
 */
final class Run {
  private CostCredential cr;
  private String persisted;
  final Instant now;
  private final StatusWriter writer;
  private final StepHook hook;
  boolean rolloutBlocked;
  String rolloutBlockedReason;
  String rolloutBlockedMessage;
  boolean poolLow;

  /** A step failed without throwing (a rejected token): keep the failure and its backoff. */
  boolean failed;

  /** A rotation step waits for the provider's rate budget (nothing sent, not a failure). */
  boolean waitingForBudget;

  /** The current token was re-verified in this pass (so the pool is looked at too). */
  boolean reverified;

  java.util.List<String> malformedPoolKeys = java.util.List.of();

  Run(CostCredential cr, Instant now, StatusWriter writer, StepHook hook) {
    this.cr = cr;
    if (cr.getStatus() == null) {
      cr.setStatus(new CostCredentialStatus());
      this.persisted = null;
    } else {
      this.persisted = json(cr.getStatus());
    }
    this.now = now;
    this.writer = writer;
    this.hook = hook;
  }

  CostCredential cr() {
    return cr;
  }

  CostCredentialStatus st() {
    return cr.getStatus();
  }

  String namespace() {
    return cr.getMetadata().getNamespace();
  }

  /** The spec is invalid: conditions say so instead of describing a rotation. */
  boolean specError;

  /**
   * Derives the conditions from the rest of the status, writes the status if it changed since it
   * was last stored, then passes the crash point. Every write carries current conditions (an
   * emergency's RevocationRequired=True goes out with the flag, not at the end of the pass).
   */
  void save(String step) {
    StatusSummary.refresh(this, specError);
    String now = json(cr.getStatus());
    if (!Objects.equals(now, persisted)) {
      CostCredential stored = writer.write(cr);
      cr.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
      persisted = now;
    }
    hook.at("saved:" + step);
  }

  /** A crash point right before a side effect outside the status. */
  void before(String sideEffect) {
    hook.at("before:" + sideEffect);
  }

  private static String json(CostCredentialStatus st) {
    return Serialization.asJson(st);
  }
}
