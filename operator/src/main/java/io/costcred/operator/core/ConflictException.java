package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;
import java.time.Duration;

/**
 * Someone else changed the object since it was read (HTTP 409). Not a failure of the rotation: the
 * next reconcile starts from the fresh object.
 */
public class ConflictException extends TransientException {
  public ConflictException(String message) {
    super(Reasons.KUBERNETES_API_ERROR, message, Duration.ofSeconds(1), null);
  }
}
