package io.costcred.operator.core;

/**
 * Base of the operator's typed errors. The message must never contain a secret value; the reason is
 * the condition reason users see.
 */
public abstract class CostCredException extends RuntimeException {
  private final String reason;

  protected CostCredException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
