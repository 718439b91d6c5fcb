package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.TransientException;
import java.time.Duration;

/**
 * Maps Vault HTTP status codes to the operator's typed errors. Messages name the store, the
 * operation and the status, never a response body (bodies may echo request data).
 */
final class VaultErrors {
  static final Duration RETRY = Duration.ofSeconds(15);

  private VaultErrors() {}

  /** No HTTP answer at all: connection refused, timeout, TLS failure. */
  static TransientException unreachable(String storeId, String op, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new TransientException(
        Reasons.STORE_FAILED,
        storeId + ": Vault unreachable during " + op + " (" + root.getClass().getSimpleName() + ")",
        RETRY,
        null);
  }

  static CostCredException forStatus(String storeId, String op, int status) {
    if (status == 401 || status == 403) {
      return new PermanentException(
          Reasons.STORE_FAILED,
          storeId
              + ": Vault denied "
              + op
              + " ("
              + status
              + "); the policy of the operator's Vault role must allow it");
    }
    if (status == 429) {
      return new TransientException(
          Reasons.RATE_LIMITED, storeId + ": Vault rate-limited " + op + " (429)", RETRY, null);
    }
    if (status == 503) {
      return new TransientException(
          Reasons.STORE_FAILED,
          storeId + ": Vault unavailable during " + op + " (503: sealed, or a standby node)",
          RETRY,
          null);
    }
    if (status >= 500 || status == 412) {
      return new TransientException(
          Reasons.STORE_FAILED, storeId + ": Vault answered " + status + " to " + op, RETRY, null);
    }
    return new PermanentException(
        Reasons.STORE_FAILED, storeId + ": Vault refused " + op + " (" + status + ")");
  }

  static TransientException casConflict(String storeId, long expected, long found) {
    return new TransientException(
        Reasons.STORE_FAILED,
        storeId
            + ": CAS conflict: another writer changed the secret (expected version "
            + expected
            + ", found "
            + found
            + "); the write was not applied and will be retried",
        Duration.ofSeconds(2),
        null);
  }
}
