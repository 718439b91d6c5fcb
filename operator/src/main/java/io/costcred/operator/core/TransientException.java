package io.costcred.operator.core;

import java.time.Duration;
import java.util.Optional;

/** A failure that may pass by itself (timeouts, 5xx, rate limits, conflicts): retry later. */
public class TransientException extends CostCredException {
  private final Duration retryAfter;

  public TransientException(String reason, String message) {
    this(reason, message, null, null);
  }

  public TransientException(String reason, String message, Duration retryAfter, Throwable cause) {
    super(reason, message, cause);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
