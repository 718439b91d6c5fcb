package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** Why a rotation started. */
public enum RotationTrigger {
  /** No token yet: the first one is taken. */
  Initial,
  /** The rotation interval elapsed (inside a maintenance window, if any). */
  Scheduled,
  /** A new value of the costcred.io/rotate annotation, or a status request. */
  Manual,
  /** A new value of the costcred.io/emergency-rotation annotation, or an emergency request. */
  Emergency,
  /** The current token stopped authenticating. */
  CurrentTokenRejected,

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
  public static RotationTrigger of(JsonNode value) {
    return StatusValues.parse(RotationTrigger.class, value, Unrecognized);
  }
}
