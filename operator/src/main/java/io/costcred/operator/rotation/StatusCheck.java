package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.InactiveKey;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.TargetStatus;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the status values the engine reads back before it reads them. The status subresource is
 * writable by more people than the operator (the emergency-rotator role), so a value may be
 * malformed or inconsistent. Each such value is reset to one that is safe to act on (an unknown
 * phase restarts at Obtaining, which reuses the ledger's pending token; a bad timestamp becomes
 * now) and named, so the engine reports {@code InvalidStatus} and backs off instead of failing
 * every reconcile. Destructive steps never trust these values anyway: they act on the ledger.
 */
final class StatusCheck {
  /**
   * A malformed revocation deadline is pushed this far out: revoking late is safe, early is not.
   */
  static final Duration DEADLINE_WHEN_MALFORMED = Duration.ofHours(24);

  private StatusCheck() {}

  /** Repairs malformed values in place; returns the status fields that were reset. */
  static List<String> repair(CostCredentialStatus st, String uid, Instant now) {
    List<String> reset = new ArrayList<>();
    String nowText = Times.format(now);
    if (st.getLastFailure() != null) {
      var f = st.getLastFailure();
      time(f.getTime(), "lastFailure.time", reset, () -> f.setTime(nowText));
      time(f.getRetryAt(), "lastFailure.retryAt", reset, () -> f.setRetryAt(nowText));
    }
    time(
        st.getLastRotationTime(), "lastRotationTime", reset, () -> st.setLastRotationTime(nowText));
    time(st.getNextRotationTime(), "nextRotationTime", reset, () -> st.setNextRotationTime(null));
    RotationRun r = st.getRotation();
    if (r != null) {
      rotation(st, r, uid, nowText, reset);
    }
    values(st, reset);
    for (PendingRevocation pr : st.getPendingRevocations()) {
      String deadline = Times.format(now.plus(DEADLINE_WHEN_MALFORMED));
      time(pr.getDeadline(), "pendingRevocations.deadline", reset, () -> pr.setDeadline(deadline));
      time(
          pr.getRequiredSince(),
          "pendingRevocations.requiredSince",
          reset,
          () -> pr.setRequiredSince(nowText));
    }
    // The ledger says when a key was deactivated; the status copy only says when to look.
    for (InactiveKey k : st.getInactiveKeys()) {
      time(k.getDeleteAfter(), "inactiveKeys.deleteAfter", reset, () -> k.setDeleteAfter(null));
      time(
          k.getDeactivatedAt(),
          "inactiveKeys.deactivatedAt",
          reset,
          () -> k.setDeactivatedAt(null));
    }
    return reset;
  }

  private static void rotation(
      CostCredentialStatus st, RotationRun r, String uid, String nowText, List<String> reset) {
    long revision = st.getRevision() == null ? 0 : st.getRevision();
    String expectedId = uid + "-r" + (revision + 1);
    if (!expectedId.equals(r.getId())) {
      // Ids are deterministic: the ledger's pending token and the stores' versions are keyed by it.
      r.setId(expectedId);
      reset.add("rotation.id");
    }
    RotationTrigger trigger = r.getTrigger();
    if (trigger == null
        || trigger == RotationTrigger.Unrecognized
        || trigger == RotationTrigger.Emergency && st.getLastEmergencyRotation() == null) {
      r.setTrigger(RotationTrigger.Manual);
      reset.add("rotation.trigger");
    }
    RotationPhase phase = r.getPhase();
    boolean emergency = r.getTrigger() == RotationTrigger.Emergency;
    if (phase == null
        || phase == RotationPhase.Unrecognized
        || phase != RotationPhase.Obtaining && st.getPendingToken() == null
        || phase == RotationPhase.RevokingCompromised && !emergency) {
      // Obtaining is idempotent: the ledger's pending token of this rotation is taken again.
      r.setPhase(RotationPhase.Obtaining);
      r.setPhaseSince(nowText);
      reset.add("rotation.phase");
    }
    if (r.getStartedAt() == null || !Times.valid(r.getStartedAt())) {
      r.setStartedAt(nowText);
      reset.add("rotation.startedAt");
    }
    if (r.getPhaseSince() == null || !Times.valid(r.getPhaseSince())) {
      r.setPhaseSince(nowText);
      reset.add("rotation.phaseSince");
    }
    for (TargetStatus t : r.getTargets()) {
      if (parse(WorkloadKind.class, t.getKind()) == null || t.getName() == null) {
        r.getTargets().clear(); // resolved again from the spec before the restart
        reset.add("rotation.targets");
        break;
      }
    }
  }

  /**
   * Enum values another version (or a person) wrote that this one does not know: each is reset to
   * the value that is safe to act on, or removed where it only informs.
   */
  private static void values(CostCredentialStatus st, List<String> reset) {
    for (PendingRevocation pr : st.getPendingRevocations()) {
      if (pr.getState() == null || pr.getState() == RevocationState.Unrecognized) {
        // Revocation is attempted at the deadline either way; the check decides what is next.
        pr.setState(RevocationState.Scheduled);
        note(reset, "pendingRevocations.state");
      }
      if (pr.getReason() == RevocationReason.Unrecognized) {
        pr.setReason(null);
        note(reset, "pendingRevocations.reason");
      }
    }
    EmergencyRecord em = st.getLastEmergencyRotation();
    if (em != null && em.getRevocation() == EmergencyRevocation.Unrecognized) {
      em.setRevocation(null);
      note(reset, "lastEmergencyRotation.revocation");
    }
    if (em != null && em.getOutcome() == EmergencyOutcome.Unrecognized) {
      em.setOutcome(null);
      note(reset, "lastEmergencyRotation.outcome");
    }
    for (RotationRecord rec : st.getHistory()) {
      if (rec.getOutcome() == RotationOutcome.Unrecognized) {
        rec.setOutcome(null);
        note(reset, "history.outcome");
      }
      if (rec.getTrigger() == RotationTrigger.Unrecognized) {
        rec.setTrigger(null);
        note(reset, "history.trigger");
      }
    }
  }

  private static void note(List<String> reset, String field) {
    if (!reset.contains(field)) {
      reset.add(field);
    }
  }

  private static void time(String value, String field, List<String> reset, Runnable fix) {
    if (!Times.valid(value)) {
      fix.run();
      if (!reset.contains(field)) {
        reset.add(field);
      }
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
