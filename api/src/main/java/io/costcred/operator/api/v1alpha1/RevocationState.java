package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** Where a pending revocation ({@code status.pendingRevocations[].state}) stands. */
public enum RevocationState {
  /** Waiting for its deadline (the grace period after a rotation). */
  Scheduled,
  /**
   * Past its deadline, but a running Pod still uses the old token or the key was used after the
   * consumers cut over ({@code heldBy} says which): revoked when the evidence is gone, an admin
   * acknowledges ({@code costcred.io/acknowledge-revocation-hold}) or the maximum hold passes.
   * Never for an emergency.
   */
  Held,
  /**
   * The provider has no revoke API (a Vantage pool token) or refused: an admin must revoke the
   * token; the operator checks until it stops authenticating.
   */
  AwaitingManualRevocation,

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
  public static RevocationState of(JsonNode value) {
    return StatusValues.parse(RevocationState.class, value, Unrecognized);
  }
}
