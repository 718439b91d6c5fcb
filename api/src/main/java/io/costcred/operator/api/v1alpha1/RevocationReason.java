package io.costcred.operator.api.v1alpha1;

/** Why a token waits for revocation ({@code status.pendingRevocations[].reason}). */
public enum RevocationReason {
  /** Replaced by a rotation; revoked once the grace period ends. */
  Rotated,
  /** The compromised token of an emergency rotation: revoked at once. */
  Emergency,
  /** A pool token the provider refused during verification, although it still authenticates. */
  Rejected,
  /** Obtained by a rotation that never used it (the operator stopped in between). */
  Orphaned,
  /** Left behind by a CostCredential deleted with deletionPolicy Delete. */
  Deleted
}
