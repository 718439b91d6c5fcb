package io.costcred.operator.provider;

/**
 * Why a provider call is made, so that a shared, rate-limited provider budget (Vantage allows 1,000
 * requests per hour per account, shared with the cost tools themselves) is spent on what matters
 * first: an emergency may use all of it, a rotation all but a reserve kept for emergencies, and
 * background work (re-verification, revocation polls) at most half.
 */
public enum CallPriority {
  /** Verifying the replacement of a compromised token and checking the compromised one. */
  EMERGENCY,
  /** Verifying a new or adopted token during a rotation. */
  ROTATION,
  /** Periodic re-verification of the current token and polling for manual revocation. */
  BACKGROUND
}
