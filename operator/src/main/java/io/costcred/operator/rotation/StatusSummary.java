package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.LastFailure;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Derives the conditions (the five of the design, UnlistedConsumers and RevocationHeld once they
 * apply) from the status and what the pass observed. Pure: no I/O, no clock of its own, the status
 * is not changed; {@link Run#save} applies the result before every write.
 */
final class StatusSummary {
  private StatusSummary() {}

  /** The conditions {@code st} must carry, given what this reconcile observed. */
  static List<Condition> derive(
      CostCredentialStatus st, Observations seen, Instant now, Long generation) {
    return derive(st, seen, now, generation, false);
  }

  /** The same, for a credential whose spec.suspend is {@code suspended}. */
  static List<Condition> derive(
      CostCredentialStatus st, Observations seen, Instant now, Long generation, boolean suspended) {
    CostCredentialStatus out = new CostCredentialStatus();
    st.getConditions().forEach(c -> out.getConditions().add(new ConditionBuilder(c).build()));
    Setter set =
        (type, value, reason, message) ->
            Conditions.set(out, type, value, reason, message, now, generation);
    ready(st, seen, set);
    rotating(st, seen, suspended, set);
    emergency(st, set);
    revocation(st, out, set);
    degraded(st, seen, set);
    unlisted(st, out, set);
    held(st, out, set);
    return out.getConditions();
  }

  @FunctionalInterface
  private interface Setter {
    void set(String type, boolean value, String reason, String message);
  }

  private static void ready(CostCredentialStatus st, Observations seen, Setter set) {
    RotationRun r = st.getRotation();
    LastFailure failure = st.getLastFailure();
    if (seen.planFailed() && failure != null) {
      set.set(Reasons.READY, false, failure.getReason(), failure.getMessage());
    } else if (r != null && r.getTrigger() == RotationTrigger.CurrentTokenRejected) {
      set.set(
          Reasons.READY,
          false,
          Reasons.CURRENT_TOKEN_INVALID,
          "the current token no longer authenticates; rotation " + r.getId() + " replaces it");
    } else if (st.getCurrentToken() != null) {
      set.set(Reasons.READY, true, Reasons.CREDENTIAL_CURRENT, readyMessage(st));
    } else if (failure != null) {
      set.set(Reasons.READY, false, failure.getReason(), failure.getMessage());
    } else {
      set.set(Reasons.READY, false, Reasons.INITIALIZING, "waiting for the first token");
    }
  }

  private static void rotating(
      CostCredentialStatus st, Observations seen, boolean suspended, Setter set) {
    RotationRun r = st.getRotation();
    if (r != null && seen.waitingForBudget()) {
      set.set(
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
      set.set(
          Reasons.ROTATING,
          true,
          String.valueOf(r.getPhase()),
          r.getTrigger() + " rotation " + r.getId());
    } else if (suspended) {
      set.set(Reasons.ROTATING, false, Reasons.SUSPENDED, suspendedMessage(st));
    } else {
      set.set(Reasons.ROTATING, false, Reasons.IDLE, "no rotation in progress");
    }
  }

  private static String suspendedMessage(CostCredentialStatus st) {
    String forced = st.getNextRotationTime();
    return "scheduled rotations are paused by spec.suspend (emergency and manual rotations and"
        + " revocations go on)"
        + (forced == null ? "" : "; the policy's maxInterval forces the next one at " + forced);
  }

  private static void emergency(CostCredentialStatus st, Setter set) {
    RotationRun r = st.getRotation();
    EmergencyRecord em = st.getLastEmergencyRotation();
    if (r != null && r.getTrigger() == RotationTrigger.Emergency) {
      set.set(Reasons.EMERGENCY_ROTATION, true, Reasons.IN_PROGRESS, "reason: " + r.getReason());
    } else if (em != null) {
      String outcome = em.getOutcome() == null ? Reasons.IN_PROGRESS : em.getOutcome().name();
      set.set(Reasons.EMERGENCY_ROTATION, false, outcome, "requested " + em.getRequestedAt());
    }
  }

  private static void revocation(CostCredentialStatus st, CostCredentialStatus out, Setter set) {
    List<PendingRevocation> manual =
        st.getPendingRevocations().stream()
            .filter(p -> p.getState() == RevocationState.AwaitingManualRevocation)
            .toList();
    if (!manual.isEmpty()) {
      set.set(
          Reasons.REVOCATION_REQUIRED,
          true,
          Reasons.MANUAL_REVOCATION_REQUIRED,
          manual.stream().map(Revocations::describe).collect(Collectors.joining("; ")));
    } else if (Conditions.get(out, Reasons.REVOCATION_REQUIRED).isPresent()
        || !st.getPendingRevocations().isEmpty()) {
      set.set(
          Reasons.REVOCATION_REQUIRED,
          false,
          Reasons.NONE_OUTSTANDING,
          st.getPendingRevocations().size() + " revocation(s) scheduled");
    }
  }

  /** Set once a consumer was found (or the condition was there), so idle credentials stay lean. */
  private static void unlisted(CostCredentialStatus st, CostCredentialStatus out, Setter set) {
    var unlisted = ConsumerReport.unlisted(st.getConsumers());
    if (!unlisted.isEmpty()) {
      set.set(
          Reasons.UNLISTED_CONSUMERS,
          true,
          Reasons.CONSUMERS_NOT_RESTARTED,
          ConsumerReport.message(unlisted));
    } else if (!st.getConsumers().isEmpty()
        || Conditions.get(out, Reasons.UNLISTED_CONSUMERS).isPresent()) {
      set.set(
          Reasons.UNLISTED_CONSUMERS,
          false,
          Reasons.NONE_FOUND,
          st.getConsumers().size() + " consumer(s), all restarted or reloading a mounted file");
    }
  }

  private static void held(CostCredentialStatus st, CostCredentialStatus out, Setter set) {
    List<PendingRevocation> held =
        st.getPendingRevocations().stream()
            .filter(p -> p.getState() == RevocationState.Held)
            .toList();
    if (!held.isEmpty()) {
      PendingRevocation first = held.get(0);
      set.set(
          Reasons.REVOCATION_HELD,
          true,
          // Only a reason the operator writes: the status field is tenant-writable.
          Reasons.OLD_KEY_STILL_USED.equals(first.getHeldReason())
              ? Reasons.OLD_KEY_STILL_USED
              : Reasons.OLD_CREDENTIAL_IN_USE,
          held.stream()
              .map(p -> "token " + p.getToken().getId() + ": " + p.getHeldBy())
              .collect(Collectors.joining("; ")));
    } else if (Conditions.get(out, Reasons.REVOCATION_HELD).isPresent()) {
      set.set(Reasons.REVOCATION_HELD, false, Reasons.NONE_HELD, "");
    }
  }

  private static void degraded(CostCredentialStatus st, Observations seen, Setter set) {
    LastFailure failure = st.getLastFailure();
    Integer left = st.getPoolRemaining();
    Integer watermark = seen.poolLowWatermark();
    if (failure != null) {
      set.set(Reasons.DEGRADED, true, failure.getReason(), failure.getMessage());
    } else if (seen.rolloutBlocked() != null) {
      set.set(
          Reasons.DEGRADED, true, seen.rolloutBlocked().reason(), seen.rolloutBlocked().message());
    } else if (!st.getPoolMalformedKeys().isEmpty()) {
      set.set(
          Reasons.DEGRADED,
          true,
          Reasons.POOL_TOKEN_MALFORMED,
          "pool keys with malformed tokens: " + String.join(", ", st.getPoolMalformedKeys()));
    } else if (left != null && watermark != null && left <= watermark) {
      set.set(
          Reasons.DEGRADED,
          true,
          left == 0 ? Reasons.POOL_EMPTY : Reasons.POOL_LOW,
          "token pool has " + left + " usable token(s)");
    } else {
      set.set(Reasons.DEGRADED, false, Reasons.AS_EXPECTED, "");
    }
  }

  private static String readyMessage(CostCredentialStatus st) {
    return "token "
        + st.getCurrentToken().getId()
        + " served by "
        + st.getStores().size()
        + " store(s)";
  }
}
