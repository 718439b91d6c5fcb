package io.costcred.operator.core;

/** A referenced object (Secret, key, workload) does not exist; the user has to create it. */
public class NotFoundException extends PermanentException {
  public NotFoundException(String reason, String message) {
    super(reason, message);
  }
}
