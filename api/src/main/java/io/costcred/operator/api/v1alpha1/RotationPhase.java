package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** Steps of a rotation, in order. Status names the step before its side effect happens. */
public enum RotationPhase {
  /** Taking (or minting) the new token and storing its value in the ledger Secret. */
  Obtaining,
  /** Checking the new token against the provider. */
  Verifying,
  /** Writing the new token to every store. */
  Publishing,
  /** Emergency only: revoking (or flagging) the compromised token before any restart. */
  RevokingCompromised,
  /** Patching the consumers' pod templates. */
  Restarting,
  /** Waiting until every consumer has rolled out. */
  AwaitingRollout,

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
  public static RotationPhase of(JsonNode value) {
    return StatusValues.parse(RotationPhase.class, value, Unrecognized);
  }
}
