package io.costcred.operator.api.v1alpha1;

/** What an entry of {@code status.history} records. */
public enum RotationOutcome {
  /** A rotation finished: every store serves the new token and every consumer runs it. */
  Succeeded,
  /** An attempt failed (metrics and notifications only; history keeps finished work). */
  Failed,
  /** A working token found in a store was made current instead of rotating at once. */
  Adopted,
  /** An IAM key the operator deactivated was deleted after its retention period. */
  KeyDeleted
}
