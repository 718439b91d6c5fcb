package io.costcred.operator.api.v1alpha1;

/** Steps of a rotation, in order. Status names the step before its side effect happens. */
public enum RotationPhase {
  /** Taking (or minting) the new token and storing its value in the ledger Secret. */
  Obtaining,
  /** Checking the new token against the provider. */
  Verifying,
  /** Writing the new token to every store. */
  Publishing,
  /** Emergency only: revoking (or flagging) the compromised token before any restart. */
  RevokingCompromised,
  /** Patching the consumers' pod templates. */
  Restarting,
  /** Waiting until every consumer has rolled out. */
  AwaitingRollout
}
