package io.costcred.operator.api.v1alpha1;

/** What happened to an emergency's compromised token ({@code lastEmergencyRotation.revocation}). */
public enum EmergencyRevocation {
  /** The provider's API revoked (or deactivated) it. */
  RevokedByApi,
  /** It no longer authenticated when the emergency reached it. */
  AlreadyRevoked,
  /** An admin revoked it and the operator saw it stop authenticating. */
  VerifiedRevoked,
  /** An admin must revoke it in the provider console; the operator checks until it is gone. */
  AwaitingManualRevocation
}
