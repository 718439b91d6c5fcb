package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** How the last emergency rotation ended ({@code lastEmergencyRotation.outcome}). */
public enum EmergencyOutcome {
  /** The new token is in every store and every consumer runs it. */
  Completed,

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
  public static EmergencyOutcome of(JsonNode value) {
    return StatusValues.parse(EmergencyOutcome.class, value, Unrecognized);
  }
}
