package io.costcred.operator.provider;

import io.costcred.operator.core.Credential;
import java.time.Duration;

/**
 * A provider whose revocation disables a key without removing it (an IAM access key set Inactive,
 * which can be re-enabled if something still needed it). The operator records each key it disables
 * and deletes it once {@link #retention()} has passed.
 */
public interface KeyRetention {
  /** How long a key the operator disabled is kept before it is deleted. */
  Duration retention();

  /** The provider's id of the key a credential holds (not secret). */
  String keyId(Credential credential);

  /** Deletes a key the operator disabled earlier, unless it was enabled again. Idempotent. */
  Deletion deleteDeactivated(String keyId);

  /** What {@link #deleteDeactivated} found. */
  enum Deletion {
    /** The key was disabled and is now deleted. */
    DELETED,
    /** The key no longer existed: nothing left to do. */
    GONE,
    /** Someone enabled the key again: it was left in place. */
    REACTIVATED
  }
}
