package io.costcred.operator.rotation;

import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.TransientException;
import java.time.Duration;

/**
 * A failure of one reconcile, before, during or after a rotation, as the failure gate records it.
 * {@code permanent}: retrying cannot help until something changes (spec, reference, request), so it
 * is retried on the long interval; otherwise the backoff applies ({@code retryAfter} when the
 * provider named a time).
 */
record Failure(String reason, String message, boolean permanent, Duration retryAfter) {
  static Failure of(CostCredException e) {
    Duration after = e instanceof TransientException t ? t.retryAfter().orElse(null) : null;
    return new Failure(e.reason(), e.getMessage(), e instanceof PermanentException, after);
  }

  /** A failure the backoff paces although its exception type says permanent. */
  static Failure transientOf(String reason, String message) {
    return new Failure(reason, message, false, null);
  }
}
