package io.costcred.operator.api.v1alpha1;

/** What a notification tells (docs/notifications.md says when each is sent). */
public enum NotificationEvent {
  /** An emergency rotation was requested and started. */
  EmergencyStarted,
  /** The compromised token of an emergency rotation was revoked (or handed to an admin). */
  EmergencyRevoked,
  /** An emergency rotation finished. */
  EmergencyCompleted,
  /** An emergency rotation keeps failing (after the failure threshold). */
  EmergencyBlocked,
  /**
   * A rotation or reconcile failure that the failure gate kept: permanent, or still failing after
   * the failure threshold. Once per failure episode, again after the re-notify interval.
   */
  RotationFailed,
  /** A failure that was notified is gone: the next pass succeeded. */
  Recovered,
  /** An old token must be revoked by hand (condition RevocationRequired is True). */
  RevocationRequired,
  /** A scheduled revocation waits because the old credential is still in use. */
  RevocationHeld
}
