package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;
import java.time.Duration;

/**
 * The operator's own rate budget for a provider refused a call before anything was sent. Nothing
 * failed: the work waits for the budget and is not counted as a failed attempt.
 */
public final class BudgetExhaustedException extends TransientException {
  public BudgetExhaustedException(String message, Duration retryAfter) {
    super(Reasons.RATE_LIMITED, message, retryAfter, null);
  }
}
