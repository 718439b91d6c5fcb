package io.costcred.operator.core;

/** A failure that retrying cannot fix (bad input, rejected token): stop and set a condition. */
public class PermanentException extends CostCredException {
  public PermanentException(String reason, String message) {
    super(reason, message, null);
  }

  public PermanentException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
