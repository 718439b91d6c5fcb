package io.costcred.operator.api.v1alpha1;

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
  CurrentTokenRejected
}
