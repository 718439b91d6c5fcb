package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** What an entry of {@code status.history} records. */
public enum RotationOutcome {
  /** A rotation finished: every store serves the new token and every consumer runs it. */
  Succeeded,
  /** An attempt failed (metrics and notifications only; history keeps finished work). */
  Failed,
  /** A working token found in a store was made current instead of rotating at once. */
  Adopted,
  /** An IAM key the operator deactivated was deleted after its retention period. */
  KeyDeleted,

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
  public static RotationOutcome of(JsonNode value) {
    return StatusValues.parse(RotationOutcome.class, value, Unrecognized);
  }
}
