package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.InactiveKey;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.RotationPhase;
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
    time(st.getLastFailureTime(), "lastFailureTime", reset, () -> st.setLastFailureTime(nowText));
    time(
        st.getLastRotationTime(), "lastRotationTime", reset, () -> st.setLastRotationTime(nowText));
    time(st.getNextRotationTime(), "nextRotationTime", reset, () -> st.setNextRotationTime(null));
    RotationRun r = st.getRotation();
    if (r != null) {
      rotation(st, r, uid, nowText, reset);
    }
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
    RotationTrigger trigger = parse(RotationTrigger.class, r.getTrigger());
    if (trigger == null
        || trigger == RotationTrigger.Emergency && st.getLastEmergencyRotation() == null) {
      r.setTrigger(RotationTrigger.Manual.name());
      reset.add("rotation.trigger");
    }
    RotationPhase phase = parse(RotationPhase.class, r.getPhase());
    boolean emergency = RotationTrigger.Emergency.name().equals(r.getTrigger());
    if (phase == null
        || phase != RotationPhase.Obtaining && st.getPendingToken() == null
        || phase == RotationPhase.RevokingCompromised && !emergency) {
      // Obtaining is idempotent: the ledger's pending token of this rotation is taken again.
      r.setPhase(RotationPhase.Obtaining.name());
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
