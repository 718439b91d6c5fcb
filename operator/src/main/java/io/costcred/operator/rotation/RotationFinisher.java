package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider.RevocationState;
import io.costcred.operator.provider.KeyUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Ends rotations: completion, emergency revocation, failures and the history they leave. */
final class RotationFinisher {
  static final int HISTORY_KEPT = 10;
  private final EventSink events;
  private final RotationObserver observer;

  RotationFinisher(EventSink events, RotationObserver observer) {
    this.events = events;
    this.observer = observer;
  }

  /** Emergency: the compromised (current) token is revoked or flagged before any restart. */
  void revokeCompromised(Run run, RotationPlan plan) {
    CostCredentialStatus st = run.st();
    RotationRun r = st.getRotation();
    TokenHandle compromised = st.getCurrentToken();
    EmergencyRecord rec = st.getLastEmergencyRotation();
    Optional<Credential> old = plan.ledger().current();
    if (compromised != null && old.isEmpty()) {
      rec.setRevocation(EmergencyRevocation.AwaitingManualRevocation);
      events.warning(
          run.cr(),
          Reasons.MANUAL_REVOCATION_REQUIRED,
          "the value of compromised token "
              + compromised.getId()
              + " is not in the ledger: revoke"
              + " it (fingerprint "
              + compromised.getFingerprint()
              + ") in the provider console");
    }
    if (compromised != null && old.isPresent()) {
      run.before("ledger.retireCompromised");
      plan.ledger().retire(r.getId(), old.get());
      run.before("revokeCompromised");
      RevocationState state =
          plan.provider().at(CallPriority.EMERGENCY).revoke(old.get(), compromised.getId());
      TokenHandle h = copyFor(compromised, r.getId());
      rec.setCompromisedToken(h);
      Optional<KeyUsage> usage = plan.provider().capabilities().keyUsage();
      if (usage.isPresent()) {
        // The key id from the ledger's value, not from the status (which may be forged).
        String keyId =
            plan.provider()
                .capabilities()
                .keyRetention()
                .map(k -> k.keyId(old.get()))
                .orElse(compromised.getId());
        rec.setLastUse(usage.get().lastUse(keyId).describe()); // for the incident review
      }
      if (state == RevocationState.REVOKED) {
        InactiveKeys.deactivated(run, plan, h, old.get());
        rec.setRevocation(
            plan.provider().capabilities().revokesByApi()
                ? EmergencyRevocation.RevokedByApi
                : EmergencyRevocation.AlreadyRevoked);
        rec.setRevokedAt(Times.format(run.now));
      } else {
        rec.setRevocation(EmergencyRevocation.AwaitingManualRevocation);
        PendingRevocation pr = queueRevocation(run, h, RevocationReason.Emergency, run.now);
        pr.setState(io.costcred.operator.api.v1alpha1.RevocationState.AwaitingManualRevocation);
        pr.setRequiredSince(Times.format(run.now));
      }
      events.warning(
          run.cr(),
          "CompromisedTokenRevoked",
          "token "
              + compromised.getId()
              + " (fingerprint "
              + compromised.getFingerprint()
              + "): "
              + rec.getRevocation());
      observer.emergency(run.cr(), "revoked", "compromised token " + rec.getRevocation());
    }
    r.setCompromisedTokenRevoked(true);
    RotationSteps.next(run, RotationPhase.Restarting);
    run.save("compromised-revoked");
    if (rec.getRevokedAt() != null && compromised != null) {
      run.before("ledger.dropRetired");
      plan.ledger().dropRetired(r.getId());
    }
  }

  /** Every consumer runs the new token: it becomes current and the old one waits for revocation. */
  void complete(Run run, RotationPlan plan) {
    CostCredentialStatus st = run.st();
    RotationRun r = st.getRotation();
    boolean emergency = r.getTrigger() == RotationTrigger.Emergency;
    boolean retireOld = !Boolean.TRUE.equals(r.getCompromisedTokenRevoked());
    run.before("ledger.promote");
    plan.ledger().promote(r.getId(), retireOld);
    TokenHandle old = st.getCurrentToken();
    if (old != null && retireOld) {
      queueRevocation(
          run, copyFor(old, r.getId()), RevocationReason.Rotated, run.now.plus(plan.gracePeriod()));
    }
    st.setCurrentToken(st.getPendingToken());
    st.setPendingToken(null);
    st.setRevision((st.getRevision() == null ? 0 : st.getRevision()) + 1);
    st.setLastRotationTime(Times.format(run.now));
    st.setNextRotationTime(Times.format(plan.schedule().nextRotation(run.now)));
    Instant started = Times.parse(r.getStartedAt());
    Duration took = Duration.between(started, run.now);
    history(run, r, took, Duration.between(Times.parse(r.getPhaseSince()), run.now));
    if (emergency) {
      st.getLastEmergencyRotation().setCompletedAt(Times.format(run.now));
      st.getLastEmergencyRotation().setOutcome(EmergencyOutcome.Completed);
    }
    st.setRotation(null);
    FailureGate.clear(st);
    // Written with the pass's next write (a cut-over, the pass's end) or before its next side
    // effect: a crash before it completes again, and promoting is idempotent (decision D47).
    run.saveWithNext(
        "completed",
        () -> {
          events.normal(
              run.cr(),
              "RotationCompleted",
              r.getTrigger() + " rotation " + r.getId() + " completed");
          observer.rotation(run.cr(), r.getTrigger(), RotationOutcome.Succeeded, took);
          if (emergency) {
            observer.emergency(
                run.cr(), "completed", "emergency rotation " + r.getId() + " completed");
          }
        });
  }

  PendingRevocation queueRevocation(
      Run run, TokenHandle token, RevocationReason reason, Instant deadline) {
    PendingRevocation pr = new PendingRevocation();
    pr.setToken(token);
    pr.setReason(reason);
    pr.setDeadline(Times.format(deadline));
    pr.setState(io.costcred.operator.api.v1alpha1.RevocationState.Scheduled);
    run.st()
        .getPendingRevocations()
        .removeIf(p -> p.getToken().getRotationId().equals(token.getRotationId()));
    run.st().getPendingRevocations().add(pr);
    return pr;
  }

  /** A finished rotation goes to the history. */
  static void history(Run run, RotationRun r, Duration took, Duration rollout) {
    RotationRecord rec = new RotationRecord();
    rec.setRotationId(r.getId());
    rec.setTrigger(r.getTrigger());
    rec.setOutcome(RotationOutcome.Succeeded);
    rec.setStartedAt(r.getStartedAt());
    rec.setCompletedAt(Times.format(run.now));
    rec.setDurationMillis(took.toMillis());
    rec.setRolloutMillis(rollout == null ? null : rollout.toMillis());
    record(run.st(), rec);
  }

  /** Adds a record at the top of the history, which keeps the last {@value #HISTORY_KEPT}. */
  static void record(CostCredentialStatus st, RotationRecord rec) {
    st.getHistory().add(0, rec);
    while (st.getHistory().size() > HISTORY_KEPT) {
      st.getHistory().remove(HISTORY_KEPT);
    }
  }

  private static TokenHandle copyFor(TokenHandle h, String rotationId) {
    TokenHandle c = new TokenHandle();
    c.setId(h.getId());
    c.setFingerprint(h.getFingerprint());
    c.setRotationId(rotationId);
    c.setObtainedAt(h.getObtainedAt());
    c.setVerifiedAt(h.getVerifiedAt());
    c.setDescription(h.getDescription());
    c.setCreatedAt(h.getCreatedAt());
    return c;
  }
}
