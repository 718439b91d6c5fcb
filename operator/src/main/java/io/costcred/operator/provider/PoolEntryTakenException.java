package io.costcred.operator.provider;

import io.costcred.operator.core.TransientException;
import java.time.Duration;

/**
 * The pool entry a rotation chose was taken by another CostCredential first (the pool is shared).
 * The token is theirs: the rotation forgets it (never uses or revokes it) and takes another.
 */
public final class PoolEntryTakenException extends TransientException {
  /** Condition reason when a rotation keeps losing the race for pool entries. */
  public static final String REASON = "PoolEntryTaken";

  public PoolEntryTakenException(String key) {
    super(
        REASON,
        "pool key " + key + " was taken by another CostCredential",
        Duration.ofSeconds(1),
        null);
  }
}
