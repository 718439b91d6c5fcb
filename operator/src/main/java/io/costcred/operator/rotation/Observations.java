package io.costcred.operator.rotation;

import java.util.ArrayList;
import java.util.List;

/**
 * What one reconcile saw beyond the stored status, returned by the parts that saw it and merged by
 * the engine: the conditions are derived from the status and this value only ({@link
 * StatusSummary#derive}). Immutable.
 *
 * @param failure the first failure of the pass (recorded in status by the failure gate), or null
 * @param planFailed the spec or its references could not be turned into a plan
 * @param malformedStatus status fields that were reset before anything read them
 * @param waitingForBudget a rotation step waits for the provider's rate budget (not a failure)
 * @param rolloutBlocked a consumer has not rolled out (paused or stalled), or null
 * @param poolLowWatermark from the plan; null when there is no plan
 */
record Observations(
    Failure failure,
    boolean planFailed,
    List<String> malformedStatus,
    boolean waitingForBudget,
    RolloutBlock rolloutBlocked,
    Integer poolLowWatermark) {

  /** Nothing seen. */
  static final Observations NONE = new Observations(null, false, List.of(), false, null, null);

  /** A consumer that keeps the old token valid: why (a condition reason) and which. */
  record RolloutBlock(String reason, String message) {}

  Observations {
    malformedStatus = List.copyOf(malformedStatus);
  }

  static Observations failed(Failure f) {
    return NONE.and(new Observations(f, false, List.of(), false, null, null));
  }

  static Observations budgetWait() {
    return new Observations(null, false, List.of(), true, null, null);
  }

  static Observations blocked(String reason, String message) {
    return new Observations(null, false, List.of(), false, new RolloutBlock(reason, message), null);
  }

  Observations withPlanFailed() {
    return new Observations(
        failure, true, malformedStatus, waitingForBudget, rolloutBlocked, poolLowWatermark);
  }

  Observations withMalformed(List<String> fields) {
    return new Observations(
        failure, planFailed, fields, waitingForBudget, rolloutBlocked, poolLowWatermark);
  }

  Observations withPoolLowWatermark(int watermark) {
    return new Observations(
        failure, planFailed, malformedStatus, waitingForBudget, rolloutBlocked, watermark);
  }

  /** Both: the first failure and the first blocked rollout stand. */
  Observations and(Observations o) {
    List<String> malformed = new ArrayList<>(malformedStatus);
    o.malformedStatus.stream().filter(m -> !malformed.contains(m)).forEach(malformed::add);
    return new Observations(
        failure != null ? failure : o.failure,
        planFailed || o.planFailed,
        malformed,
        waitingForBudget || o.waitingForBudget,
        rolloutBlocked != null ? rolloutBlocked : o.rolloutBlocked,
        poolLowWatermark != null ? poolLowWatermark : o.poolLowWatermark);
  }
}
