package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** What happened to an emergency's compromised token ({@code lastEmergencyRotation.revocation}). */
public enum EmergencyRevocation {
  /** The provider's API revoked (or deactivated) it. */
  RevokedByApi,
  /** It no longer authenticated when the emergency reached it. */
  AlreadyRevoked,
  /** An admin revoked it and the operator saw it stop authenticating. */
  VerifiedRevoked,
  /** An admin must revoke it in the provider console; the operator checks until it is gone. */
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
  public static EmergencyRevocation of(JsonNode value) {
    return StatusValues.parse(EmergencyRevocation.class, value, Unrecognized);
  }
}
