package io.costcred.operator.api.v1alpha1;

/** Where a pending revocation ({@code status.pendingRevocations[].state}) stands. */
public enum RevocationState {
  /** Waiting for its deadline (the grace period after a rotation). */
  Scheduled,
  /**
   * The provider has no revoke API (a Vantage pool token) or refused: an admin must revoke the
   * token; the operator checks until it stops authenticating.
   */
  AwaitingManualRevocation
}
