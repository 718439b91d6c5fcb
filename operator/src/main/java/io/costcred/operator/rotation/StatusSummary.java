package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.util.List;
import java.util.stream.Collectors;

/** Derives the five conditions from the rest of the status; runs before every status write. */
final class StatusSummary {
  private StatusSummary() {}

  static void refresh(Run run, boolean specError) {
    CostCredentialStatus st = run.st();
    Long gen = run.cr().getMetadata().getGeneration();
    RotationRun r = st.getRotation();
    String failure = st.getLastFailureReason();
    String failureReason = failure == null ? null : failure.substring(0, failure.indexOf(':'));

    if (specError) {
      set(run, Reasons.READY, false, failureReason, failure);
    } else if (r != null && RotationTrigger.CurrentTokenRejected.name().equals(r.getTrigger())) {
      set(
          run,
          Reasons.READY,
          false,
          Reasons.CURRENT_TOKEN_INVALID,
          "the current token no longer authenticates; rotation " + r.getId() + " replaces it");
    } else if (st.getCurrentToken() != null) {
      set(run, Reasons.READY, true, Reasons.CREDENTIAL_CURRENT, readyMessage(st));
    } else {
      set(
          run,
          Reasons.READY,
          false,
          failureReason != null ? failureReason : Reasons.INITIALIZING,
          failure != null ? failure : "waiting for the first token");
    }

    if (r != null && run.waitingForBudget) {
      set(
          run,
          Reasons.ROTATING,
          true,
          Reasons.WAITING_FOR_RATE_BUDGET,
          r.getTrigger()
              + " rotation "
              + r.getId()
              + " waits in "
              + r.getPhase()
              + " for the provider's rate budget");
    } else if (r != null) {
      set(run, Reasons.ROTATING, true, r.getPhase(), r.getTrigger() + " rotation " + r.getId());
    } else {
      set(run, Reasons.ROTATING, false, Reasons.IDLE, "no rotation in progress");
    }

    EmergencyRecord em = st.getLastEmergencyRotation();
    if (r != null && RotationTrigger.Emergency.name().equals(r.getTrigger())) {
      set(run, Reasons.EMERGENCY_ROTATION, true, Reasons.IN_PROGRESS, "reason: " + r.getReason());
    } else if (em != null) {
      String outcome = em.getOutcome() == null ? Reasons.IN_PROGRESS : em.getOutcome();
      set(run, Reasons.EMERGENCY_ROTATION, false, outcome, "requested " + em.getRequestedAt());
    }

    List<PendingRevocation> manual =
        st.getPendingRevocations().stream()
            .filter(p -> "AwaitingManualRevocation".equals(p.getState()))
            .toList();
    if (!manual.isEmpty()) {
      set(
          run,
          Reasons.REVOCATION_REQUIRED,
          true,
          Reasons.MANUAL_REVOCATION_REQUIRED,
          manual.stream().map(Revocations::describe).collect(Collectors.joining("; ")));
    } else if (Conditions.get(st, Reasons.REVOCATION_REQUIRED).isPresent()
        || !st.getPendingRevocations().isEmpty()) {
      set(
          run,
          Reasons.REVOCATION_REQUIRED,
          false,
          Reasons.NONE_OUTSTANDING,
          st.getPendingRevocations().size() + " revocation(s) scheduled");
    }

    degraded(run, failureReason, failure);
  }

  private static void degraded(Run run, String failureReason, String failure) {
    CostCredentialStatus st = run.st();
    if (failure != null) {
      set(run, Reasons.DEGRADED, true, failureReason, failure);
    } else if (run.rolloutBlocked) {
      set(run, Reasons.DEGRADED, true, run.rolloutBlockedReason, run.rolloutBlockedMessage);
    } else if (!run.malformedPoolKeys.isEmpty()) {
      set(
          run,
          Reasons.DEGRADED,
          true,
          Reasons.POOL_TOKEN_MALFORMED,
          "pool keys with malformed tokens: " + String.join(", ", run.malformedPoolKeys));
    } else if (run.poolLow) {
      Integer left = st.getPoolRemaining();
      set(
          run,
          Reasons.DEGRADED,
          true,
          left != null && left == 0 ? Reasons.POOL_EMPTY : Reasons.POOL_LOW,
          "token pool has " + left + " usable token(s)");
    } else {
      set(run, Reasons.DEGRADED, false, Reasons.AS_EXPECTED, "");
    }
  }

  private static String readyMessage(CostCredentialStatus st) {
    return "token "
        + st.getCurrentToken().getId()
        + " served by "
        + st.getStores().size()
        + " store(s)";
  }

  private static void set(Run run, String type, boolean value, String reason, String message) {
    Conditions.set(
        run.st(), type, value, reason, message, run.now, run.cr().getMetadata().getGeneration());
  }
}
