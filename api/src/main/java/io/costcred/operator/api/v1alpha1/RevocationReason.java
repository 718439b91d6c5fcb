package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

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
  Deleted,

  /**
   * A stored value this operator does not know (another version wrote it, or a person did). Never
   * written: the status check resets it and reports {@code InvalidStatus}. Not in the CRD enum.
   */
  @JsonIgnore
  Unrecognized;

  /**
   * Lenient read: an unknown or malformed stored value is {@link #Unrecognized}, never an error.
   */
  @JsonCreator
  public static RevocationReason of(JsonNode value) {
    return StatusValues.parse(RevocationReason.class, value, Unrecognized);
  }
}
