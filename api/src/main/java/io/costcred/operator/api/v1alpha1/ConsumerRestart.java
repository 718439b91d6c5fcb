package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** How a consumer gets the new credential ({@code status.consumers[].restart}). */
public enum ConsumerRestart {
  /** Listed in {@code spec.restartTargets}: restarted at each rotation. */
  Target,
  /** Discovered and restarted because {@code spec.consumers.restartDiscovered} is true. */
  Discovered,
  /** Declared in {@code spec.consumers.reloadsMountedFile}: re-reads the mounted file. */
  MountedFile,
  /** Discovered, not restarted by the operator: list it, or restart it yourself. */
  NotRestarted,

  /** A stored value this operator does not know. Never written. Not in the CRD enum. */
  @JsonIgnore
  Unrecognized;

  /** Lenient read: an unknown stored value is {@link #Unrecognized}, never an error. */
  @JsonCreator
  public static ConsumerRestart of(JsonNode value) {
    return StatusValues.parse(ConsumerRestart.class, value, Unrecognized);
  }
}
